/**
 * The data a job carries and the events it accepts. Field names inside stored payloads are the
 * API's snake_case so what the user sent is what the user sees back.
 */

/** A box in source pixels: top-left corner, width and height. */
export interface BBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** One box drawn around the player on one preview frame. */
export interface Selection {
  frame_key?: string;
  frame_time_sec: number;
  bbox: BBox;
}

/** Which endpoint saved the target: the spec's select-target or one of the legacy ones. */
export type TargetSource = 'select-target' | 'target' | 'selection';

export interface Target {
  confirmed: true;
  selections: Selection[];
  source: TargetSource;
}

/** What ffprobe found in the uploaded file. */
export interface VideoMeta {
  duration_sec: number;
  fps: number;
  width: number;
  height: number;
  codec: string;
  frame_count: number;
  rotation: number;
  has_audio: boolean;
  start_time_sec: number;
  container: string;
  bit_rate: number | null;
}

/** A preview frame chosen at creation: its key is derived from its position, never from a float. */
export interface PlannedFrame {
  frame_key: string;
  frame_index: number;
  frame_time_sec: number;
}

export interface PreviewFrame extends PlannedFrame {
  width: number;
  height: number;
}

export interface CandidateFrame {
  frame_key: string;
  frame_time_sec: number;
  bbox: BBox;
  score: number;
}

export interface Candidate {
  track_id: number;
  /** Where the candidate is seen on the preview frames, in time order. */
  frames: CandidateFrame[];
  /** Number of preview frames it is seen on. */
  length: number;
  mean_score: number;
}

export interface JobError {
  code: string;
  message: string;
  [detail: string]: unknown;
}

/** Four or more spots seen in the image (pixels) and known on the pitch (metres). */
export interface PitchCalibrationInput {
  points: Array<{ image: [number, number]; pitch: [number, number] }>;
}

export interface JobOptions {
  preview_count: number;
  /** Frames per second the analysis looks at. */
  analysis_fps: number;
  /** The user says the camera never moves: needed for metres and a pitch heatmap. */
  static_camera: boolean;
  calibration: PitchCalibrationInput | null;
}

export interface JobSource {
  /** Storage key of the video file. */
  key: string;
  kind: 'upload' | 'import';
  filename: string | null;
}

/** The steps the machine runs as durable work, by invoke id. */
export type StepId = 'previews' | 'candidates' | 'analysis';

export interface JobInput {
  jobId: string;
  source: JobSource;
  video: VideoMeta;
  options: JobOptions;
  previewPlan: PlannedFrame[];
}

export interface JobContext extends JobInput {
  previews: PreviewFrame[] | null;
  candidates: Candidate[] | null;
  candidatesError: JobError | null;
  /** As the client sent it; normalised where it is used (see player-ref.ts). */
  playerRef: unknown;
  target: Target | null;
  results: AnalysisResults | null;
  error: JobError | null;
  /** The step whose failure ended the job in `failed`: where RETRY resumes. */
  failedStep: StepId | null;
}

/** What the analysis produced; its shape belongs to the analysis service. */
export type AnalysisResults = Record<string, unknown>;

export interface PreviewsInput {
  jobId: string;
  source: JobSource;
  video: VideoMeta;
  frames: PlannedFrame[];
}
export interface PreviewsOutput {
  previews: PreviewFrame[];
}

export interface CandidatesInput {
  jobId: string;
  source: JobSource;
  video: VideoMeta;
  previews: PreviewFrame[];
}
export interface CandidatesOutput {
  candidates: Candidate[];
}

export interface AnalysisInput {
  jobId: string;
  source: JobSource;
  video: VideoMeta;
  options: JobOptions;
  playerRef: string;
  target: Target;
  candidates: Candidate[] | null;
}
export interface AnalysisOutput {
  /** `partial` when part of the analysis failed and what succeeded is kept (see results.warnings). */
  outcome: 'completed' | 'partial';
  results: AnalysisResults;
}

export type UserEvent =
  | { type: 'SELECT_TRACK'; player_ref: unknown; keep_target?: boolean }
  | { type: 'SELECT_TARGET'; selections: Selection[]; source: TargetSource }
  | { type: 'ENQUEUE' }
  | { type: 'CANCEL'; reason?: string }
  | { type: 'RETRY' };

/** Sent by the runtime when a worker claims a step's work item. */
export type StepStartedEvent = { type: `${StepId}.started` };

/** Sent by the candidates step as it goes: the candidates it has formed or extended so far. */
export type CandidatesFoundEvent = { type: 'candidates.found'; candidates: Candidate[] };

export type StepDoneEvent =
  | { type: 'xstate.done.actor.previews'; output: PreviewsOutput }
  | { type: 'xstate.done.actor.candidates'; output: CandidatesOutput }
  | { type: 'xstate.done.actor.analysis'; output: AnalysisOutput };

export type StepErrorEvent = { type: `xstate.error.actor.${StepId}`; error: JobError };

export type JobEvent = UserEvent | StepStartedEvent | CandidatesFoundEvent | StepDoneEvent | StepErrorEvent;
