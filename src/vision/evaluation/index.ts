export { computeClearCounts, summariseClear, sumClearCounts, type ClearCounts, type ClearMetrics } from './clear-mot';
export { devSequences, type DevSequence } from './dev-sequences';
export { evaluateSequence, poolCounts, type TrackingCounts, type TrackingMetrics } from './evaluate-sequence';
export { EvaluationInputError, MOT17_DISTRACTOR_CLASSES, prepareEvaluationData, type EvaluationData, type EvaluationFrame, type MotBenchmark } from './evaluation-data';
export { computeIdentityCounts, summariseIdentity, sumIdentityCounts, type IdentityCounts, type IdentityMetrics } from './identity';
export {
  formatResults,
  groupByFrame,
  MotFormatError,
  parseDetections,
  parseGroundTruth,
  parseMotCsv,
  parseResults,
  type MotDetectionRow,
  type MotGroundTruthRow,
  type MotResultRow,
} from './mot-challenge-format';
export { MotFileError, readDetectionsFile, readGroundTruthFile, readResultsFile, readSeqInfoFile } from './mot-files';
export { readReferenceResults, type ReferenceMetrics, type ReferenceResults } from './reference-results';
export { parseSeqInfo, type SeqInfo } from './seqinfo';
export { trackMotSequence, type TrackMotOptions } from './track-mot-sequence';
