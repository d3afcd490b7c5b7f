// ckmeans kernels: to be written (mirrors native/kernels/ckmeans.cc).
export const ckmeansPlaceholder: i32 = 0;
