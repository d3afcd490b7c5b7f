// hclust kernels: to be written (mirrors native/kernels/hclust.cc).
export const hclustPlaceholder: i32 = 0;
