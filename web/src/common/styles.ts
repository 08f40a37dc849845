/** The element's styles. Theming through CSS custom properties (documented on the element). */

import { css } from 'lit';

export const styles = css`
  /*
   * The public custom properties (--cgt-*) are read through private ones (--_cgt-*) with the
   * defaults as fallbacks: a page can set them on the element or on any ancestor. Text in an
   * arm's colour is that colour mixed with the text colour (AA contrast for the defaults);
   * --cgt-commercial-text / --cgt-poc-text override it for a colour too light to read.
   */
  :host {
    --_cgt-commercial-color: var(--cgt-commercial-color, #0072b2);
    --_cgt-poc-color: var(--cgt-poc-color, #d55e00);
    --_cgt-fg: var(--cgt-fg, #1b1b1b);
    --_cgt-muted: var(--cgt-muted, #555);
    --_cgt-bg: var(--cgt-bg, #fff);
    --_cgt-panel: var(--cgt-panel, #f5f6f8);
    --_cgt-border: var(--cgt-border, #c9ced6);
    --_cgt-accent: var(--cgt-accent, #005a8c);
    --_cgt-error: var(--cgt-error, #b00020);
    --_cgt-font: var(--cgt-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_cgt-commercial-text: var(--cgt-commercial-text, color-mix(in srgb, var(--_cgt-commercial-color) 65%, var(--_cgt-fg)));
    --_cgt-poc-text: var(--cgt-poc-text, color-mix(in srgb, var(--_cgt-poc-color) 65%, var(--_cgt-fg)));
    display: block;
    container-type: inline-size;
    color: var(--_cgt-fg);
    background: var(--_cgt-bg);
    font: 14px/1.4 var(--_cgt-font);
  }
  *, *::before, *::after { box-sizing: border-box; }
  h2, h3 { margin: 0 0 0.4em; line-height: 1.2; }
  h2 { font-size: 1.15em; }
  h3 { font-size: 1em; }
  button, select, input, .file-label {
    font: inherit;
    color: inherit;
  }
  button, .file-label {
    border: 1px solid var(--_cgt-border);
    background: var(--_cgt-bg);
    border-radius: 4px;
    padding: 0.25em 0.7em;
    cursor: pointer;
    min-height: 32px;
  }
  button:hover, .file-label:hover { border-color: var(--_cgt-accent); }
  button:disabled { color: #6b6b6b; cursor: default; }
  :focus-visible { outline: 2px solid var(--_cgt-accent); outline-offset: 2px; }
  .file-label:focus-within { outline: 2px solid var(--_cgt-accent); outline-offset: 2px; }
  .visually-hidden {
    position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0;
    overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;
  }

  /* Skip links: the first focusable elements, shown while focused. */
  .skip-links { position: relative; height: 0; }
  .skip-link:not(:focus) {
    position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0;
    overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;
  }
  .skip-link:focus {
    position: absolute; top: 0.3em; left: 0.3em; z-index: 10; padding: 0.4em 0.8em;
    background: var(--_cgt-bg); color: var(--_cgt-accent); border: 2px solid var(--_cgt-accent); border-radius: 4px; font-weight: 600;
  }
  h2[tabindex='-1']:focus { outline: none; }
  h2[tabindex='-1']:focus-visible { outline: 2px solid var(--_cgt-accent); }

  .toolbar {
    display: flex; flex-wrap: wrap; gap: 0.5em; align-items: center;
    padding: 0.6em; background: var(--_cgt-panel); border: 1px solid var(--_cgt-border); border-radius: 6px;
    margin-bottom: 0.8em;
  }
  .toolbar .group { display: flex; flex-wrap: wrap; gap: 0.4em; align-items: center; }
  .toolbar .spacer { flex: 1; }
  .toolbar select { max-width: calc(100cqw - 6em); min-height: 32px; }
  .preset-description { color: var(--_cgt-muted); margin: 0 0 0.8em; font-size: 0.92em; }

  .status { display: flex; gap: 0.6em; align-items: center; min-height: 1.6em; color: var(--_cgt-muted); font-size: 0.9em; }
  .status progress { width: 10em; }

  .errors {
    border: 2px solid var(--_cgt-error); border-radius: 6px; padding: 0.5em 0.8em; margin-bottom: 0.8em;
    color: var(--_cgt-error); background: #fff5f6;
  }
  .errors ul { margin: 0.3em 0 0; padding-left: 1.2em; }
  .errors li { overflow-wrap: anywhere; }
  .notice { color: var(--_cgt-muted); font-size: 0.9em; }

  .layout { display: grid; gap: 1em; grid-template-columns: minmax(0, 1fr); }
  @container (min-width: 1100px) {
    .layout { grid-template-columns: minmax(0, 1.15fr) minmax(0, 1fr); align-items: start; }
    .outputs { position: sticky; top: 0.5em; }
  }

  /* Headline numbers */
  .headline { width: 100%; border-collapse: collapse; margin-bottom: 0.8em; }
  .headline caption { text-align: left; font-weight: 600; padding-bottom: 0.3em; }
  .headline th, .headline td { padding: 0.35em 0.5em; border-bottom: 1px solid var(--_cgt-border); vertical-align: top; }
  .headline thead th { text-align: right; font-size: 0.9em; }
  .headline thead th:first-child { text-align: left; }
  .headline tbody th { text-align: left; font-weight: normal; }
  .headline td { text-align: right; white-space: nowrap; }
  .headline .value { font-size: 1.25em; font-weight: 600; font-variant-numeric: tabular-nums; }
  .headline .mcse { display: block; font-size: 0.8em; color: var(--_cgt-muted); font-variant-numeric: tabular-nums; }
  .headline .share { display: block; font-size: 0.8em; color: var(--_cgt-muted); font-variant-numeric: tabular-nums; }
  .commercial-text { color: var(--_cgt-commercial-text); }
  .poc-text { color: var(--_cgt-poc-text); }
  .footnote { font-size: 0.8em; color: var(--_cgt-muted); margin: 0.2em 0 0.8em; }
  /* Simulated outputs of an earlier scenario while its run is on its way (the exact values are current). */
  .headline td.stale .value { color: var(--_cgt-muted); }
  div.stale { opacity: 0.6; }
  .v2v-pending { min-height: 300px; }
  .footnote.off, .headline .off { color: #a40000; }

  /* Inputs */
  .inputs fieldset { border: 1px solid var(--_cgt-border); border-radius: 6px; margin: 0 0 0.8em; padding: 0.4em 0.6em 0.6em; }
  .inputs legend { font-weight: 600; padding: 0 0.3em; }
  .arm-heads, .row { display: grid; grid-template-columns: minmax(8em, 0.8fr) minmax(0, 1fr) minmax(0, 1fr); gap: 0.3em 0.8em; align-items: start; }
  .arm-heads { font-weight: 600; position: sticky; top: 0; background: var(--_cgt-bg); z-index: 2; padding: 0.3em 0; border-bottom: 2px solid var(--_cgt-border); margin-bottom: 0.5em; }
  .arm-heads .commercial { color: var(--_cgt-commercial-text); border-top: 4px solid var(--_cgt-commercial-color); padding-top: 0.2em; }
  .arm-heads .poc { color: var(--_cgt-poc-text); border-top: 4px solid var(--_cgt-poc-color); padding-top: 0.2em; }
  .row { padding: 0.3em 0; border-top: 1px solid #e6e8ec; }
  .row:first-of-type { border-top: none; }
  .row.cohort { grid-template-columns: minmax(8em, 0.8fr) minmax(0, 2fr); }
  .param { font-size: 0.95em; }
  .param .unit { display: block; color: var(--_cgt-muted); font-size: 0.85em; }
  .cell { position: relative; display: grid; gap: 0.2em; }
  .ctl { display: grid; grid-template-columns: minmax(5em, 1fr) 6.6em; gap: 0.3em; align-items: center; }
  .ctl.has-sub { grid-template-columns: 2.4em minmax(5em, 1fr) 6.6em; }
  .ctl .sub { font-size: 0.8em; color: var(--_cgt-muted); }
  .ctl .slider { position: relative; }
  .ctl input[type='range'] { width: 100%; margin: 0.4em 0; }
  .commercial input[type='range'] { accent-color: var(--_cgt-commercial-color); }
  .poc input[type='range'] { accent-color: var(--_cgt-poc-color); }
  .ctl input[type='number'], .cell select {
    width: 100%; min-height: 30px; border: 1px solid #8a909a; border-radius: 4px; padding: 0.15em 0.3em; background: var(--_cgt-bg);
    font-variant-numeric: tabular-nums;
  }
  .mark {
    position: absolute; bottom: -3px; width: 0; height: 0; pointer-events: none;
    border-left: 5px solid transparent; border-right: 5px solid transparent; border-bottom: 6px solid #444;
    transform: translateX(-5px);
  }
  .cell.changed .num-field { font-weight: 700; }
  .cell.invalid input, .cell.invalid select { border-color: var(--_cgt-error); }
  .field-error { color: var(--_cgt-error); font-size: 0.85em; overflow-wrap: anywhere; }
  .tip {
    display: none; position: absolute; z-index: 5; left: 0; right: 0; top: 100%;
    background: #222; color: #fff; padding: 0.45em 0.6em; border-radius: 4px; font-size: 0.82em; line-height: 1.35;
    box-shadow: 0 2px 8px rgba(0,0,0,0.25);
  }
  .cell:hover .tip, .cell:focus-within .tip { display: block; }
  .hint { color: var(--_cgt-muted); font-size: 0.85em; margin: 0 0 0.6em; }

  /* Figures */
  figure { margin: 0 0 1.2em; padding: 0.6em; border: 1px solid var(--_cgt-border); border-radius: 6px; background: var(--_cgt-bg); }
  figcaption .summary { margin: 0 0 0.4em; color: var(--_cgt-fg); font-size: 0.92em; }
  .chart { overflow-x: auto; }
  .chart svg { max-width: 100%; height: auto; display: block; }
  .legend { display: flex; flex-wrap: wrap; gap: 0.3em 1em; font-size: 0.85em; margin: 0.2em 0 0.4em; }
  .legend span { display: inline-flex; align-items: center; gap: 0.35em; }
  .legend i { display: inline-block; width: 12px; height: 12px; border: 1px solid rgba(0,0,0,0.3); }
  .fig-actions { display: flex; gap: 0.4em; flex-wrap: wrap; margin-top: 0.4em; }
  .fig-actions button { font-size: 0.85em; min-height: 28px; }
  details summary { cursor: pointer; margin-top: 0.4em; }
  .data { border-collapse: collapse; font-size: 0.85em; margin-top: 0.4em; }
  .data th, .data td { padding: 0.2em 0.5em; border-bottom: 1px solid #e1e4e8; text-align: right; }
  .data th:first-child, .data td:first-child { text-align: left; }
  .table-wrap { overflow-x: auto; }

  .pending { color: var(--_cgt-muted); padding: 2em 0; text-align: center; }

  /* Tabs: the results and the uncertainty analysis */
  .tabs { display: flex; flex-wrap: wrap; gap: 0.2em; border-bottom: 2px solid var(--_cgt-border); margin: 0.2em 0 0.6em; }
  .tabs [role='tab'] {
    border: 1px solid var(--_cgt-border); border-bottom: none; border-radius: 6px 6px 0 0; margin-bottom: -2px;
    padding: 0.35em 1em; background: var(--_cgt-panel); color: var(--_cgt-muted);
  }
  .tabs [role='tab'][aria-selected='true'] {
    background: var(--_cgt-bg); color: var(--_cgt-fg); font-weight: 600;
    border-color: var(--_cgt-border); border-bottom: 2px solid var(--_cgt-bg); box-shadow: inset 0 3px 0 var(--_cgt-accent);
  }

  /* Uncertainty */
  .psa-controls {
    display: grid; gap: 0.5em 1em; grid-template-columns: repeat(2, minmax(0, 1fr)); align-items: end;
    padding: 0.6em; background: var(--_cgt-panel); border: 1px solid var(--_cgt-border); border-radius: 6px; margin-bottom: 0.6em;
  }
  .psa-control { display: grid; gap: 0.2em; font-size: 0.92em; }
  .psa-control select { min-height: 32px; }
  .psa-control.wtp { grid-column: 1 / -1; }
  .psa-control .ctl { grid-template-columns: minmax(5em, 1fr) 8em; }
  .psa-control input[type='number'] {
    width: 100%; min-height: 30px; border: 1px solid #8a909a; border-radius: 4px; padding: 0.15em 0.3em; font-variant-numeric: tabular-nums;
  }
  .psa-control input[type='range'] { accent-color: var(--_cgt-accent); }
  .spec { margin: 0 0 0.6em; font-size: 0.9em; }
  .spec ul { margin: 0.3em 0; padding-left: 1.2em; columns: 2 18em; }
  .spec code { font-size: 0.95em; }
  .probabilities td, .differences td { text-align: right; }
  .differences td { white-space: normal; font-variant-numeric: tabular-nums; }
  .downloads { display: flex; gap: 0.4em; flex-wrap: wrap; }
  .data caption { text-align: left; padding: 0.6em 0 0.2em; font-weight: 600; }
  /* Value & price, budget */
  .reading { margin: 0 0 0.4em; }
  .meanings { margin: 0 0 0.6em; padding-left: 1.2em; font-size: 0.92em; }
  .recovery { margin: 0 0 0.6em; font-size: 0.92em; }
  .pricing, .budget-controls {
    padding: 0.6em; background: var(--_cgt-panel); border: 1px solid var(--_cgt-border); border-radius: 6px; margin-bottom: 0.8em;
  }
  .pricing summary { margin-top: 0; font-weight: 600; }
  .pricing-arms { display: grid; gap: 0.6em 1em; grid-template-columns: repeat(2, minmax(0, 1fr)); }
  .pricing-arm { display: grid; gap: 0.35em; align-content: start; }
  .pricing-arm h4 { margin: 0.3em 0 0; font-size: 0.95em; }
  .pricing-arm p { margin: 0; }
  .pricing-field { display: grid; gap: 0.1em; font-size: 0.9em; }
  .pricing-field .unit { color: var(--_cgt-muted); font-size: 0.9em; }
  .pricing-field.invalid input { border-color: var(--_cgt-error); }
  .pricing input[type='number'], .budget-controls input[type='number'] {
    width: 100%; min-height: 30px; border: 1px solid #8a909a; border-radius: 4px; padding: 0.15em 0.3em; background: var(--_cgt-bg);
    font-variant-numeric: tabular-nums;
  }
  .budget-fields { display: grid; gap: 0.5em 1em; grid-template-columns: repeat(3, minmax(0, 1fr)); align-items: end; font-size: 0.92em; }
  .budget-field { display: grid; gap: 0.2em; }
  .uptake { width: 100%; }
  .uptake td:last-child { width: 60%; }
  .uptake .ctl { grid-template-columns: minmax(4em, 1fr) 5.6em; }
  .uptake input[type='range'] { accent-color: var(--_cgt-poc-color); }
  .dropping { outline: 3px dashed var(--_cgt-accent); outline-offset: -3px; }
  .compact-foot { font-size: 0.82em; color: var(--_cgt-muted); }

  /* Capacity */
  .lines-controls { display: grid; gap: 0.6em; grid-template-columns: repeat(2, minmax(0, 1fr)); margin-bottom: 0.6em; }
  .lines-control { border: 1px solid var(--_cgt-border); border-radius: 6px; background: var(--_cgt-panel); padding: 0.4em 0.6em; margin: 0; min-width: 0; }
  .lines-control legend { font-weight: 600; padding: 0 0.2em; }
  .lines-control .unlimited { display: block; margin: 0.2em 0; }
  .lines-control input[type='range'] { accent-color: var(--_cgt-accent); }
  .lines-control .hint { margin: 0.2em 0 0; }
  .years-controls { display: grid; gap: 0.5em 1em; grid-template-columns: repeat(2, minmax(0, 1fr)); align-items: end; margin-bottom: 0.6em; }
  .sweep-arm { max-width: 20em; margin: 0.6em 0 0.3em; }
  .queue td { text-align: right; }
  .sweep tr.chosen { font-weight: 600; }
  .sweep tr.quick td { color: var(--_cgt-muted); }
  .sweep td.note { color: var(--_cgt-muted); font-style: italic; white-space: normal; }
  /* Calibration */
  .calibration fieldset { border: 1px solid var(--_cgt-border); border-radius: 6px; margin: 0 0 0.8em; padding: 0.4em 0.6em 0.6em; min-width: 0; }
  .calibration legend { font-weight: 600; padding: 0 0.3em; }
  .cal-arm, .cal-target { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 0.3em 0.6em; align-items: center; margin-bottom: 0.6em; }
  .cal-target { padding-bottom: 0.5em; border-bottom: 1px solid var(--_cgt-border); }
  .cal-target .cal-doc, .cal-target button { grid-column: 1 / -1; justify-self: start; margin: 0; }
  .calibration select, .calibration input[type='text'] { min-height: 30px; width: 100%; box-sizing: border-box; border: 1px solid #8a909a; border-radius: 4px; padding: 0.15em 0.3em; }
  /* Every parameter in view: a grid of as many columns as fit (one on a phone), no box to scroll. */
  .cal-param-list { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 16em), 1fr)); gap: 0 1em; font-size: 0.9em; }
  .cal-param { display: flex; gap: 0.4em; align-items: baseline; padding: 0.15em 0; min-width: 0; overflow-wrap: anywhere; }
  .cal-actions { display: flex; gap: 0.5em; flex-wrap: wrap; }
  .cal-fit { font-weight: 600; }
  .cal-kind { font-weight: 600; }
  .cal-kind.unreachable, .cal-kind.leastSquares { color: #8a4b00; }
  .cal-outcome td { font-variant-numeric: tabular-nums; }
  .cal-outcome .cal-source-cell { text-align: left; white-space: normal; min-width: 10em; }

  .sticky-summary { display: none; }
  @container (max-width: 1099px) {
    .sticky-summary {
      display: flex; flex-wrap: wrap; gap: 0.2em 1em; position: sticky; bottom: 0; z-index: 4;
      background: var(--_cgt-bg); border-top: 2px solid var(--_cgt-border); padding: 0.4em 0.2em; font-size: 0.9em;
    }
  }
  @container (max-width: 620px) {
    /* On a phone the results come first (the skip links reach both; the DOM keeps parameters first). */
    .layout > .outputs { order: -1; }
    .arm-heads, .row { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); }
    .arm-heads > :first-child { display: none; }
    .row .param { grid-column: 1 / -1; }
    .row.cohort { grid-template-columns: minmax(0, 1fr); }
    .ctl, .ctl.has-sub { grid-template-columns: minmax(0, 1fr) 5.6em; }
    .ctl .sub { grid-column: 1 / -1; }
    .headline th, .headline td { padding: 0.3em 0.25em; }
    .headline .value { font-size: 1.02em; }
    .headline td { white-space: normal; }
    .psa-controls { grid-template-columns: minmax(0, 1fr); }
    .psa-control .ctl { grid-template-columns: minmax(0, 1fr) 7em; }
    .pricing-arms, .budget-fields { grid-template-columns: minmax(0, 1fr); }
    /* The budget's totals: the measure above its three numbers (three columns of money do not fit beside it). */
    .budget-totals thead tr, .budget-totals tbody tr { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); }
    .budget-totals thead th:first-child { display: none; }
    .budget-totals tbody th { grid-column: 1 / -1; border-bottom: none; font-weight: 600; padding-bottom: 0; }
    .tabs [role='tab'] { padding: 0.35em 0.6em; }
    .lines-controls, .years-controls { grid-template-columns: minmax(0, 1fr); }
  }

  @media print {
    :host { font-size: 11pt; }
    .toolbar, .inputs, .fig-actions, .status, .no-print, .sticky-summary { display: none !important; }
    .layout { grid-template-columns: minmax(0, 1fr) !important; }
    .outputs { position: static !important; }
    figure { break-inside: avoid; border: none; padding: 0; }
    details { display: block; }
    details > :not(summary) { display: block; }
  }
`;
