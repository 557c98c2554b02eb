import type { ArtefactFile } from './artefacts';
import type { HeatmapSpace } from './heatmap';
import type { ImageMovement } from './movement-image';
import type { PitchMovement } from './movement-pitch';
import type { Presence } from './presence';
import type { TrajectoryPoint, TrajectoryState } from './trajectory';
import { roundImageMovement, roundPitchMovement } from './round-results';
import { countStates, roundTo } from './trajectory-sampling';

export interface OutcomeThresholds {
  /** PARTIAL below this share of the analysed time with the player on screen. */
  min_coverage: number;
  /** PARTIAL above this share of the on-screen time being `uncertain`. */
  max_uncertain_share: number;
}

export const DEFAULT_OUTCOME_THRESHOLDS: OutcomeThresholds = { min_coverage: 0.3, max_uncertain_share: 0.5 };

/** An artefact step that failed (its results are missing, the others are kept). */
export interface FailedStep {
  step: 'exports' | 'heatmap' | 'clips' | 'overview' | (string & {});
  message: string;
}

/** Decoding stopped before the end of the video (a truncated file): only the start was analysed. */
export interface DecodeShortfall {
  analysed_until_sec: number;
  duration_sec: number;
  reason?: string;
}

export interface OutcomeInput {
  presence: Pick<Presence, 'coverage' | 'uncertain_share'>;
  failedSteps?: readonly FailedStep[];
  decodeEndedEarly?: DecodeShortfall | null;
}

export type AnalysisOutcome = 'completed' | 'partial';

const percent = (share: number) => `${Math.round(share * 100)}%`;

/**
 * The job's outcome. PARTIAL when any of these holds, each adding a reason (a warning):
 * 1. coverage < min_coverage (default 0.3): the player is on screen for too little of the
 *    analysed time for the results to describe their game;
 * 2. uncertain_share > max_uncertain_share (default 0.5): most of the on-screen time may be
 *    another player;
 * 3. an artefact step failed (exports, heatmap, clips, overview): the others are kept;
 * 4. decoding ended early: only the start of the video was analysed.
 * Otherwise COMPLETED. The bounds themselves (coverage exactly 0.3, share exactly 0.5) complete.
 *
 * @example
 * decideOutcome({ presence: { coverage: 0.12, uncertain_share: 0.1 } });
 * // { outcome: 'partial', reasons: ['the player is on screen for only 12% of the analysed time (at least 30% expected)'] }
 */
export function decideOutcome(input: OutcomeInput, thresholds: OutcomeThresholds = DEFAULT_OUTCOME_THRESHOLDS): { outcome: AnalysisOutcome; reasons: string[] } {
  const reasons: string[] = [];
  const { coverage, uncertain_share } = input.presence;
  if (coverage < thresholds.min_coverage) {
    reasons.push(`the player is on screen for only ${percent(coverage)} of the analysed time (at least ${percent(thresholds.min_coverage)} expected)`);
  }
  if (uncertain_share > thresholds.max_uncertain_share) {
    reasons.push(`${percent(uncertain_share)} of the player's on-screen time is uncertain (at most ${percent(thresholds.max_uncertain_share)} expected): it may be another player`);
  }
  for (const failed of input.failedSteps ?? []) reasons.push(`${failed.step} failed: ${failed.message}`);
  const shortfall = input.decodeEndedEarly;
  if (shortfall) {
    reasons.push(
      `decoding stopped at ${roundTo(shortfall.analysed_until_sec, 1)} s of ${roundTo(shortfall.duration_sec, 1)} s: the rest of the video was not analysed${shortfall.reason ? ` (${shortfall.reason})` : ''}`,
    );
  }
  return { outcome: reasons.length > 0 ? 'partial' : 'completed', reasons };
}

export interface AnalysisResultsInput extends OutcomeInput {
  points: readonly TrajectoryPoint[];
  presence: Presence;
  imageMovement: ImageMovement;
  pitchMovement: PitchMovement;
  staticCamera: boolean;
  /** What renderHeatmap said, and the artefact name it was saved as; null when there is none. */
  heatmap?: { name: string; space: HeatmapSpace; warnings: readonly string[] } | null;
  artefacts: readonly ArtefactFile[];
  /** Anything else worth telling the user. */
  warnings?: readonly string[];
}

/** `results` of GET /jobs/{id} (a type alias, so it is a Record<string, unknown> for the job machine). */
export type AnalysisResultsView = {
  version: 1;
  trajectory: { frames: number; fps: number; analysed_sec: number; states: Record<TrajectoryState, number> };
  presence: {
    present_sec: number;
    uncertain_sec: number;
    analysed_sec: number;
    coverage: number;
    uncertain_share: number;
    gap_tolerance_sec: number;
    spans: Array<{ start_sec: number; end_sec: number; duration_sec: number; present_sec: number; frames: Record<TrajectoryState, number> }>;
  };
  movement: { image: ImageMovement; pitch: PitchMovement };
  heatmap: { name: string; space: HeatmapSpace } | null;
  artefacts: ArtefactFile[];
  outcome_rule: OutcomeThresholds;
  warnings: string[];
};

/**
 * The analysis results and outcome, ready to be the `runAnalysis` service's output: counts per
 * trajectory state, presence, movement in pixels and (when available) metres, the heatmap's space,
 * the artefact files, and every warning: the caller's, the pitch and heatmap ones, a note when
 * metres were asked for but could not be given, one when the camera is not declared static, and the reasons of
 * decideOutcome. Numbers are rounded for display (seconds to the ms, px to 0.1, m and speeds to
 * 0.01, shares to 1e-4). Pure.
 *
 * @example
 * const { outcome, results } = buildAnalysisResults({ points, presence, imageMovement, pitchMovement, staticCamera: true, heatmap, artefacts });
 * results.presence.coverage; // 0.8123
 */
export function buildAnalysisResults(
  input: AnalysisResultsInput,
  thresholds: OutcomeThresholds = DEFAULT_OUTCOME_THRESHOLDS,
): { outcome: AnalysisOutcome; results: AnalysisResultsView } {
  const { presence, pitchMovement, imageMovement } = input;
  const warnings: string[] = [...(input.warnings ?? [])];
  if (!input.staticCamera) warnings.push('static_camera is not set: movement in pixels may include the camera’s own motion');
  if (pitchMovement.available) warnings.push(...pitchMovement.warnings);
  else if (pitchMovement.code !== 'NO_CALIBRATION') warnings.push(`no distances in metres: ${pitchMovement.reason}`);
  warnings.push(...(input.heatmap?.warnings ?? []));
  const { outcome, reasons } = decideOutcome(input, thresholds);
  warnings.push(...reasons);

  const seconds = (v: number) => roundTo(v, 3);
  const results: AnalysisResultsView = {
    version: 1,
    trajectory: {
      frames: input.points.length,
      fps: roundTo(1 / presence.frame_interval_sec, 3),
      analysed_sec: seconds(presence.analysed_sec),
      states: countStates(input.points),
    },
    presence: {
      present_sec: seconds(presence.present_sec),
      uncertain_sec: seconds(presence.uncertain_sec),
      analysed_sec: seconds(presence.analysed_sec),
      coverage: roundTo(presence.coverage, 4),
      uncertain_share: roundTo(presence.uncertain_share, 4),
      gap_tolerance_sec: presence.gap_tolerance_sec,
      spans: presence.spans.map((span) => ({
        start_sec: seconds(span.start_sec),
        end_sec: seconds(span.end_sec),
        duration_sec: seconds(span.duration_sec),
        present_sec: seconds(span.present_sec),
        frames: span.frames,
      })),
    },
    movement: { image: roundImageMovement(imageMovement), pitch: roundPitchMovement(pitchMovement) },
    heatmap: input.heatmap ? { name: input.heatmap.name, space: input.heatmap.space } : null,
    artefacts: input.artefacts.map((a) => ({ ...a })),
    outcome_rule: { ...thresholds },
    warnings: [...new Set(warnings)],
  };
  return { outcome, results };
}
