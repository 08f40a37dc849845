const TWO_PI = 6.283185307179586;

/**
 * Two independent standard normals from two uniforms by the Box-Muller transform
 * (Box & Muller, Ann. Math. Statist. 29 (1958) 610-611):
 *   r = sqrt(-2 ln(1 - U1)), theta = 2 pi U2, z1 = r cos(theta), z2 = r sin(theta).
 * `1 - U1` lies in (0, 1], so the logarithm is finite. Writes z1, z2 into out[offset], out[offset + 1].
 */
export function boxMuller(u1: number, u2: number, out: Float64Array, offset: number): void {
  const r = Math.sqrt(-2 * Math.log(1 - u1));
  const theta = TWO_PI * u2;
  out[offset] = r * Math.cos(theta);
  out[offset + 1] = r * Math.sin(theta);
}

/** Normal with mean mu and standard deviation sigma from a standard normal z. */
export function normal(z: number, mu: number, sigma: number): number {
  return mu + sigma * z;
}
