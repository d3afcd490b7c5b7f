// indices kernels: to be written (mirrors native/kernels/indices.cc).
export const indicesPlaceholder: i32 = 0;
