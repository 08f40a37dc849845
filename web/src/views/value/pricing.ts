/**
 * Each arm's pricing in the value view: its list price, or its price solved for cost recovery
 * (MODEL.md v2, "Price") with the inputs of that rule editable. Switching goes through the
 * state (`edit` adds `pricing` with the defaults, `remove` takes it out), so undo, the link and
 * validation follow.
 */

import { html, nothing, type TemplateResult } from 'lit';
import { ARM_LABELS } from '../../../../src/format/labels.js';
import { resolvedPricing } from '../../../../src/economics/pricing.js';
import { ARM_NAMES, type ArmName, type Pricing } from '../../../../src/scenario/types.js';
import { PAYMENT_LABELS } from '../../common/params.js';
import { numberOf } from '../../common/values.js';
import type { ViewContext } from '../context.js';

type Key = Exclude<keyof Pricing, 'rule'>;

const FIELDS: { key: Key; label: string; unit: (currency: string) => string }[] = [
  { key: 'rdCost', label: 'Development cost to recover', unit: (c) => c },
  { key: 'horizonYears', label: 'Recovered over', unit: () => 'years' },
  { key: 'margin', label: 'Margin on cost', unit: () => '0.2 = 20%' },
  { key: 'cogsPerAttempt', label: 'Cost of goods per attempt', unit: (c) => c },
  { key: 'marketEligiblePerYear', label: 'Market: eligible patients a year, all countries', unit: () => 'patients' },
  { key: 'elasticity', label: 'Elasticity of funding to price', unit: () => '0 = funding does not depend on price' },
  { key: 'priceRef', label: 'Reference price of the elasticity', unit: (c) => `${c} (default: the list price)` },
];

function armPricing(ctx: ViewContext, arm: ArmName): TemplateResult {
  const { f, state } = ctx;
  const a = state.scenario.arms[arm];
  const unit = PAYMENT_LABELS[a.payment] ?? a.payment;
  const path = `arms.${arm}.pricing`;
  const error = state.errorFor(path);
  if (!a.pricing) {
    return html`<div class="pricing-arm ${arm}" data-arm=${arm}>
      <h4 class=${`${arm}-text`}>${arm === 'poc' ? 'Point of care' : 'Commercial'}</h4>
      <p>List price ${f.number(a.price, 'money', 0)} per ${unit} (set in the parameters).</p>
      <button @click=${() => state.edit(path, { rule: 'costRecovery' })}>Solve its price for cost recovery</button>
    </div>`;
  }
  const p = resolvedPricing(a);
  return html`<div class="pricing-arm ${arm}" data-arm=${arm}>
    <h4 class=${`${arm}-text`}>${arm === 'poc' ? 'Point of care' : 'Commercial'}: price solved for cost recovery</h4>
    ${FIELDS.map(({ key, label, unit: u }) => {
      const id = `pricing-${arm}-${key}`;
      const bad = state.errorFor(`${path}.${key}`);
      return html`<div class="pricing-field ${bad ? 'invalid' : ''}">
        <label for=${id}>${label} <span class="unit">${u(f.currency)}</span></label>
        <input id=${id} class="num-field" type="number" min="0" step="any" data-path=${`${path}.${key}`} .value=${String(p[key])}
          @change=${(e: Event) => state.edit(`${path}.${key}`, numberOf((e.target as HTMLInputElement).value))}>
      </div>`;
    })}
    ${error ? html`<p class="field-error">${error.message}</p>` : nothing}
    <button @click=${() => state.remove(path)}>Use the list price (${f.number(a.price, 'money', 0)}) instead</button>
  </div>`;
}

export function pricingControls(ctx: ViewContext): TemplateResult {
  return html`<details class="pricing no-print" ?open=${ARM_NAMES.some((a) => ctx.state.scenario.arms[a].pricing)}>
    <summary>Pricing: list price or cost recovery (${ARM_NAMES.map((a) => `${ARM_LABELS[a]}: ${ctx.state.scenario.arms[a].pricing ? 'cost recovery' : 'list price'}`).join('; ')})</summary>
    <p class="hint">A price solved for cost recovery recovers the development cost over the horizon, plus the cost of goods, with the margin, from the whole market; funding may fall as the price rises (elasticity). A smaller market means a higher price and fewer patients funded: the vicious circle below.</p>
    <div class="pricing-arms">${ARM_NAMES.map((a) => armPricing(ctx, a))}</div>
  </details>`;
}
