import * as ort from 'onnxruntime-node';
import { VisionError } from '../vision-error';
import { decodeYolov8 } from './decode-yolov8';
import { decodeYolox, yoloxOutputLooksDecoded } from './decode-yolox';
import { letterboxGeometry, toSourceBox, type Region } from './letterbox';
import { identifySignature, type ModelFamily, type ModelSignature, type TensorInfo } from './model-signature';
import { nms } from './nms';
import { packLetterboxed, resizeRegion } from './preprocess';
import { processSessionCache, type SessionCache } from './session-cache';
import { mergeRegionDetections, planTiles, type RegionDetections } from './tiling';
import type { Candidate, DetectOptions, Detection, RgbFrame } from './types';

export interface PersonDetectorOptions {
  /** ONNX Runtime intra-op threads (inter-op is always 1). */
  threads: number;
  /** Session cache to share; defaults to the process-wide one. */
  sessions?: SessionCache;
  /** Input size for models whose input height/width are dynamic; must match a fixed-size model. */
  inputSize?: { width: number; height: number };
}

/** Milliseconds spent in each stage of one `detect` call, summed over its model runs. */
export interface DetectionTimings {
  preprocessMs: number;
  inferenceMs: number;
  postprocessMs: number;
  /** Model runs: 1 without tiling, tiles (+1 for the full frame) with it. */
  runs: number;
}

const PERSON_CLASS = [0] as const;
// The decode_in_inference probe costs one inference: once per session, not once per load.
const probedSessions = new WeakMap<ort.InferenceSession, Promise<void>>();
const DEFAULT_SCORE = 0.3;
const DEFAULT_NMS_IOU = 0.45;

/**
 * Finds people (COCO class 0) in rgb24 frames with a YOLOX or Ultralytics YOLOv8/YOLO11 ONNX
 * model, optionally over overlapping tiles for small, far-away players.
 *
 * @example
 * const detector = await PersonDetector.load('models/yolox_nano.onnx', { threads: 2 });
 * const people = await detector.detect(await readRgbImage('frame.jpg'), { scoreThreshold: 0.3 });
 */
export class PersonDetector {
  readonly family: ModelFamily;
  readonly inputSize: { width: number; height: number };
  /** Input tensor reused between sequential runs; concurrent calls allocate their own. */
  private spareTensor: Float32Array | undefined;

  private constructor(
    readonly modelPath: string,
    private readonly session: ort.InferenceSession,
    private readonly signature: ModelSignature,
  ) {
    this.family = signature.family;
    this.inputSize = signature.inputSize;
  }

  /**
   * Opens (or reuses) the model session and recognises its family from its signature.
   * Throws VisionError MODEL_NOT_FOUND, MODEL_UNREADABLE or MODEL_UNSUPPORTED.
   *
   * @example const detector = await PersonDetector.load('/data/models/yolox_nano.onnx', { threads: 2 })
   */
  static async load(modelPath: string, options: PersonDetectorOptions): Promise<PersonDetector> {
    const session = await (options.sessions ?? processSessionCache).get(modelPath, options.threads);
    const signature = identifySignature(modelPath, tensorInfos(session.inputNames, session.inputMetadata), tensorInfos(session.outputNames, session.outputMetadata), options.inputSize);
    const detector = new PersonDetector(modelPath, session, signature);
    if (signature.family === 'yolox') {
      let probe = probedSessions.get(session);
      if (!probe) {
        probe = detector.rejectPreDecodedYolox();
        probedSessions.set(session, probe);
      }
      await probe;
    }
    return detector;
  }

  /**
   * Person boxes in source pixels, highest score first.
   *
   * @example await detector.detect(frame, { scoreThreshold: 0.3, tiling: { tileSize: 416, overlap: 96 } })
   */
  async detect(frame: RgbFrame, options: DetectOptions = {}): Promise<Detection[]> {
    return (await this.detectTimed(frame, options)).detections;
  }

  /**
   * `detect` that also reports where the time went (for benchmarks and logs).
   *
   * @example const { detections, timings } = await detector.detectTimed(frame)
   */
  async detectTimed(frame: RgbFrame, options: DetectOptions = {}): Promise<{ detections: Detection[]; timings: DetectionTimings }> {
    assertFrame(frame);
    const scoreThreshold = options.scoreThreshold ?? DEFAULT_SCORE;
    const nmsIou = options.nmsIou ?? DEFAULT_NMS_IOU;
    const timings: DetectionTimings = { preprocessMs: 0, inferenceMs: 0, postprocessMs: 0, runs: 0 };
    const full: Region = { left: 0, top: 0, width: frame.width, height: frame.height };

    let regions = [full];
    const withFullFrame = options.tiling?.includeFullFrame !== false;
    if (options.tiling) {
      const tiles = planTiles(frame.width, frame.height, options.tiling);
      const tiled = tiles.length > 1 || tiles[0].width !== frame.width || tiles[0].height !== frame.height;
      if (tiled) regions = withFullFrame ? [full, ...tiles] : tiles;
    }

    const groups: RegionDetections[] = [];
    for (const region of regions) {
      groups.push({ region, boxes: await this.detectRegion(frame, region, scoreThreshold, timings) });
    }
    const started = performance.now();
    const merged = regions.length === 1 ? nms(groups[0].boxes, nmsIou) : mergeRegionDetections(groups, frame, nmsIou, withFullFrame ? 'drop' : 'fallback');
    const detections = merged
      .filter((b) => b.x2 > b.x1 && b.y2 > b.y1)
      .sort((a, b) => b.score - a.score)
      .map((b) => ({ x: b.x1, y: b.y1, w: b.x2 - b.x1, h: b.y2 - b.y1, score: b.score }));
    timings.postprocessMs += performance.now() - started;
    return { detections, timings };
  }

  /** Runs the model once on one region and returns its person candidates in source pixels (before NMS). */
  private async detectRegion(frame: RgbFrame, region: Region, scoreThreshold: number, timings: DetectionTimings): Promise<Candidate[]> {
    const { width, height } = this.inputSize;
    let t = performance.now();
    const letterbox = letterboxGeometry(region.width, region.height, width, height, this.signature.align);
    const resized = await resizeRegion(frame, region, letterbox.width, letterbox.height);
    const input = packLetterboxed(resized, letterbox, this.signature.pixels, this.takeTensor());
    timings.preprocessMs += performance.now() - t;

    t = performance.now();
    let output: Float32Array;
    try {
      output = await this.run(input);
    } finally {
      this.spareTensor = input;
    }
    timings.inferenceMs += performance.now() - t;
    timings.runs += 1;

    t = performance.now();
    const boxes = this.decode(output, scoreThreshold).map((b) => toSourceBox(b, letterbox, region));
    timings.postprocessMs += performance.now() - t;
    return boxes;
  }

  private takeTensor(): Float32Array {
    const tensor = this.spareTensor ?? new Float32Array(3 * this.inputSize.width * this.inputSize.height);
    this.spareTensor = undefined;
    return tensor;
  }

  private decode(output: Float32Array, scoreThreshold: number): Candidate[] {
    const { numClasses, strides, inputSize } = this.signature;
    const options = { scoreThreshold, classes: PERSON_CLASS };
    if (this.signature.family === 'yolox') {
      return decodeYolox(output, { inputWidth: inputSize.width, inputHeight: inputSize.height, strides, numClasses }, options);
    }
    return decodeYolov8(output, { numClasses, numAnchors: output.length / (4 + numClasses) }, options);
  }

  private async run(input: Float32Array): Promise<Float32Array> {
    const { inputName, outputName, inputSize } = this.signature;
    const tensor = new ort.Tensor('float32', input, [1, 3, inputSize.height, inputSize.width]);
    const result = await this.session.run({ [inputName]: tensor });
    const output = result[outputName];
    if (output.type !== 'float32') {
      throw new VisionError('MODEL_UNSUPPORTED', `model ${this.modelPath} output ${outputName} is ${output.type}, expected float32`);
    }
    return output.data as Float32Array;
  }

  private async rejectPreDecodedYolox(): Promise<void> {
    const { width, height } = this.inputSize;
    const output = await this.run(new Float32Array(3 * width * height).fill(114));
    const { numClasses, strides } = this.signature;
    if (yoloxOutputLooksDecoded(output, { inputWidth: width, inputHeight: height, strides, numClasses })) {
      throw new VisionError('MODEL_UNSUPPORTED', `YOLOX model ${this.modelPath} was exported with decode_in_inference; export it without (raw grid outputs)`);
    }
  }
}

function tensorInfos(names: readonly string[], metadata: readonly ort.InferenceSession.ValueMetadata[]): TensorInfo[] {
  return names.map((name, i) => {
    const meta = metadata.find((m) => m.name === name) ?? metadata[i];
    return { name, shape: meta && meta.isTensor ? meta.shape : [] };
  });
}

function assertFrame(frame: RgbFrame): void {
  const { width, height, data } = frame;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || data.length !== width * height * 3) {
    throw new VisionError('INVALID_FRAME', `frame must be packed rgb24: ${width}x${height} needs ${width * height * 3} bytes, got ${data.length}`);
  }
}
