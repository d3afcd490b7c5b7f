// distances kernels: to be written (mirrors native/kernels/distances.cc).
export const distancesPlaceholder: i32 = 0;
