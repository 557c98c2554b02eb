// The media layer's public surface: what the orchestrator and the vision/analysis code call.
export { resolveFfmpegBinaries, type FfmpegBinaries } from './ffmpeg-binaries';
export { MediaError, isMediaError, type MediaErrorCode } from './media-error';
export { probeVideo, type ProbeVideoOptions, type VideoInfo } from './probe';
export { frameKeyOf, planPreviews, type PlannedFrame } from './preview-plan';
export { extractFrames, type ExtractedFrame, type ExtractFramesOptions } from './extract-frames';
export { decodeFrames, type DecodedFrame, type DecodeFramesOptions } from './decode-frames';
