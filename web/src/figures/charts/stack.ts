/**
 * Charts of two or more panels sharing an x axis (a price above patients infused, yearly costs
 * above the impact): the panels' SVGs (each an Observable Plot) stacked in one SVG, so that the
 * figure frame's SVG and PNG downloads hold every panel.
 */

const SVG_NS = 'http://www.w3.org/2000/svg';

export function stackPanels(panels: (SVGSVGElement | HTMLElement)[], width: number): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, 'svg');
  let y = 0;
  for (const panel of panels) {
    const h = Number(panel.getAttribute('height')) || 200;
    panel.setAttribute('x', '0');
    panel.setAttribute('y', String(y));
    svg.append(panel);
    y += h;
  }
  svg.setAttribute('xmlns', SVG_NS);
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(y));
  svg.setAttribute('viewBox', `0 0 ${width} ${y}`);
  return svg;
}
