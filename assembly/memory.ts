// Linear-memory management for the JS side: every call allocates its arrays with alloc()
// and the whole heap is dropped with reset() afterwards (stub runtime: bump allocator).

export function alloc(bytes: i32): usize {
  return heap.alloc(<usize>bytes);
}

export function reset(): void {
  heap.reset();
}
