// Clustering: each module re-exported here.
export {
  validityIndices,
  variantMask,
  INDEX_NAMES,
  type IndexName,
  type IndexVariant,
  type IndexVariants,
  type Partitions,
  type ValidityIndices,
  type ValidityIndicesOptions,
} from './validity-indices.js';
export { bestK, INDEX_RULES, type IndexValue } from './best-k.js';
export { pairwiseDistances, condensedIndex, type DistanceMetric, type PairwiseDistancesOptions } from './pairwise-distances.js';
export {
  hclust,
  LINKAGE_METHODS,
  type LinkageMethod,
  type HclustOptions,
  type HclustResult,
  type HclustMerge,
  type DistanceInput,
} from './hclust.js';
export { cutTree, dendrogramOrder, type CutTreeCriterion } from './cut-tree.js';
export { kmeans, type KmeansOptions, type KmeansResult } from './kmeans.js';
export { ckmeans, type CkmeansResult, type CkmeansOptions, type CkmeansMethod } from './ckmeans.js';
export { ckmeansPartitions, type CkmeansPartitionsOptions, type CkmeansPartitionsResult } from './ckmeans-partitions.js';
