import type { DetectOptions } from './detection/types';
import type { ByteTrackerConfig } from './tracking/byte-tracker-config';

/** How the services detect and track people, from the configuration. */
export interface DetectorSettings {
  /** The ONNX model file; undefined when none is configured. */
  model: string | undefined;
  threads: number;
  detectOptions: DetectOptions;
  /** A person re-identification ONNX model for the analysis (optional: torso colours otherwise). */
  reidModel?: string;
  tracker: Partial<ByteTrackerConfig>;
}
