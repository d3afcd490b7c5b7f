// Clustering: each module re-exported here.
export {};
