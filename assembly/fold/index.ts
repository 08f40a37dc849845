// The fold of a cohort-years stream on the pool's thread (a wasm module of its own, over the
// ring's shared memory, imported): a replicate's tally added into the run's total, then the
// products of its statistics, the arithmetic of src/model/queue-layout.ts's foldReplicate to the bit
// (each element one addition per replicate, each product rounded before it is added; no fused
// multiply-add), two elements an instruction. The pool folds about 200 replicates a run while
// its workers go on, on the same cores: this is its share of a run, made small.

/**
 * total[0 .. n) += source[0 .. n); total[n] += 1; then, with q_k = source[slots[k]] (k < stats,
 * copied to `scratch`), the upper triangle q_a q_b (a <= b, row by row) added from total[n + 1].
 * Pointers are byte addresses of f64 arrays (slots: of i32).
 */
export function fold(total: usize, source: usize, n: i32, slots: usize, stats: i32, scratch: usize): void {
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const at = <usize>i << 3;
    v128.store(total + at, f64x2.add(v128.load(total + at), v128.load(source + at)));
  }
  for (; i < n; i++) {
    const at = <usize>i << 3;
    store<f64>(total + at, load<f64>(total + at) + load<f64>(source + at));
  }
  const count = total + (<usize>n << 3);
  store<f64>(count, load<f64>(count) + 1.0);
  for (let k = 0; k < stats; k++) {
    store<f64>(scratch + (<usize>k << 3), load<f64>(source + (<usize>load<i32>(slots + (<usize>k << 2)) << 3)));
  }
  let out = count + 8;
  for (let a = 0; a < stats; a++) {
    const qa = load<f64>(scratch + (<usize>a << 3));
    const q2 = f64x2.splat(qa);
    let b = a;
    for (; b + 2 <= stats; b += 2, out += 16) {
      v128.store(out, f64x2.add(v128.load(out), f64x2.mul(q2, v128.load(scratch + (<usize>b << 3)))));
    }
    for (; b < stats; b++, out += 8) {
      store<f64>(out, load<f64>(out) + qa * load<f64>(scratch + (<usize>b << 3)));
    }
  }
}
