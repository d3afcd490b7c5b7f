// kmeans kernels: to be written (mirrors native/kernels/kmeans.cc).
export const kmeansPlaceholder: i32 = 0;
