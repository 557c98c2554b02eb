import { describe, expect, it } from 'vitest';
import type { AnalysisOutput } from '../../machines/job.types';
import { buildAnalysisResults, decideOutcome } from '../../src/analysis/analysis-results';
import { artefact } from '../../src/analysis/artefacts';
import { imageMovement } from '../../src/analysis/movement-image';
import { pitchMovement } from '../../src/analysis/movement-pitch';
import { presenceOf } from '../../src/analysis/presence';
import { cornerCalibration, pitchToImage } from './support/camera';
import { boxWithGroundAt, trajectory } from './support/trajectories';

const fine = { coverage: 0.8, uncertain_share: 0.1 };

describe('decideOutcome', () => {
  it('completes when coverage and certainty are enough and every step worked, bounds included', () => {
    expect(decideOutcome({ presence: fine })).toEqual({ outcome: 'completed', reasons: [] });
    expect(decideOutcome({ presence: { coverage: 0.3, uncertain_share: 0.5 }, failedSteps: [], decodeEndedEarly: null })).toEqual({ outcome: 'completed', reasons: [] });
  });

  it('is partial, saying why, for each of the four reasons', () => {
    expect(decideOutcome({ presence: { coverage: 0.12, uncertain_share: 0.1 } })).toEqual({
      outcome: 'partial',
      reasons: ['the player is on screen for only 12% of the analysed time (at least 30% expected)'],
    });
    expect(decideOutcome({ presence: { coverage: 0.9, uncertain_share: 0.58 } }).reasons).toEqual([
      "58% of the player's on-screen time is uncertain (at most 50% expected): it may be another player",
    ]);
    expect(decideOutcome({ presence: fine, failedSteps: [{ step: 'clips', message: 'ffmpeg encoder failed' }] })).toEqual({
      outcome: 'partial',
      reasons: ['clips failed: ffmpeg encoder failed'],
    });
    expect(decideOutcome({ presence: fine, decodeEndedEarly: { analysed_until_sec: 312.44, duration_sec: 600, reason: 'truncated file' } }).reasons).toEqual([
      'decoding stopped at 312.4 s of 600 s: the rest of the video was not analysed (truncated file)',
    ]);
  });

  it('gathers several reasons and honours other thresholds', () => {
    const decided = decideOutcome(
      { presence: { coverage: 0.1, uncertain_share: 0.9 }, failedSteps: [{ step: 'heatmap', message: 'x' }, { step: 'overview', message: 'y' }] },
      { min_coverage: 0.05, max_uncertain_share: 0.95 },
    );
    expect(decided).toEqual({ outcome: 'partial', reasons: ['heatmap failed: x', 'overview failed: y'] });
  });
});

describe('buildAnalysisResults', () => {
  // 4 s running at 5 m/s along the pitch, 1 s uncertain, 5 s missing (10 fps).
  let X = 20;
  const points = trajectory(10, [
    { frames: 40, state: 'observed', box: () => boxWithGroundAt(...pitchToImage([(X += 0.5), 30])) },
    { frames: 10, state: 'uncertain', box: () => boxWithGroundAt(...pitchToImage([X, 30])) },
    { frames: 50, state: 'missing' },
  ]);
  const presence = presenceOf(points);
  const artefacts = [artefact('trajectory.json', 'trajectory'), artefact('clips/clip-001.mp4', 'clip', { start_sec: 0, end_sec: 5 })];

  it('assembles a static-camera analysis with metres, and completes', () => {
    const { outcome, results } = buildAnalysisResults({
      points,
      presence,
      imageMovement: imageMovement(points, presence.spans),
      pitchMovement: pitchMovement(points, { calibration: { points: cornerCalibration }, staticCamera: true }),
      staticCamera: true,
      heatmap: { name: 'heatmap.png', space: 'pitch', warnings: [] },
      artefacts,
    });
    expect(outcome).toBe('completed');
    expect(results.trajectory).toEqual({ frames: 100, fps: 10, analysed_sec: 10, states: { observed: 40, interpolated: 0, uncertain: 10, missing: 50 } });
    expect(results.presence).toMatchObject({ present_sec: 4, uncertain_sec: 1, coverage: 0.4, uncertain_share: 0.2, spans: [{ start_sec: 0, end_sec: 4 }] });
    expect(results.movement.pitch).toMatchObject({ available: true, distance_m: 19.5, top_speed_m_s: 5, top_speed_km_h: 18 });
    expect(results.heatmap).toEqual({ name: 'heatmap.png', space: 'pitch' });
    expect(results.artefacts.map((a) => [a.name, a.content_type])).toEqual([
      ['trajectory.json', 'application/json'],
      ['clips/clip-001.mp4', 'video/mp4'],
    ]);
    expect(results.warnings).toEqual([]);
    expect(JSON.parse(JSON.stringify(results))).toEqual(results);
    const output: AnalysisOutput = { outcome, results };
    expect(output.outcome).toBe('completed');
  });

  it('explains missing metres with a moving camera, and adds failures and heatmap warnings', () => {
    const { outcome, results } = buildAnalysisResults({
      points,
      presence,
      imageMovement: imageMovement(points, presence.spans),
      pitchMovement: pitchMovement(points, { calibration: { points: cornerCalibration }, staticCamera: false }),
      staticCamera: false,
      heatmap: { name: 'heatmap.png', space: 'image', warnings: ['heatmap drawn in image space and static_camera is not set'] },
      artefacts,
      failedSteps: [{ step: 'overview', message: 'ffmpeg encoder failed (exit code 1)' }],
      warnings: ['the follower lost the player twice'],
    });
    expect(outcome).toBe('partial');
    expect(results.movement.pitch).toEqual({ available: false, code: 'MOVING_CAMERA', reason: expect.stringMatching(/static_camera is not set/) });
    expect(results.warnings).toEqual([
      'the follower lost the player twice',
      'static_camera is not set: movement in pixels may include the camera’s own motion',
      expect.stringMatching(/^no distances in metres: static_camera is not set/),
      'heatmap drawn in image space and static_camera is not set',
      'overview failed: ffmpeg encoder failed (exit code 1)',
    ]);
  });

  it('does not warn about metres nobody asked for', () => {
    const { results } = buildAnalysisResults({
      points,
      presence,
      imageMovement: imageMovement(points, presence.spans),
      pitchMovement: pitchMovement(points, { staticCamera: true }),
      staticCamera: true,
      artefacts: [],
    });
    expect(results.warnings).toEqual([]);
    expect(results.heatmap).toBeNull();
    expect(results.movement.image.path_length_px).toBeGreaterThan(0);
  });
});
