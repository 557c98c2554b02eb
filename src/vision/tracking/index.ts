export { type Box, boxFromCorners, iou, iouMatrix } from './box';
export { ByteTracker, type TrackSnapshot } from './byte-tracker';
export { DEFAULT_BYTE_TRACKER_CONFIG, type ByteTrackerConfig, maxLostFrames, resolveByteTrackerConfig } from './byte-tracker-config';
export { solveAssignment } from './linear-assignment';
export { type TrackerDetection } from './track';
