import { VisionError } from '../vision-error';
import { yoloxAnchorCount } from './decode-yolox';
import type { LetterboxAlign } from './letterbox';
import type { PixelFormat } from './preprocess';

/** The detector heads this module can decode. */
export type ModelFamily = 'yolox' | 'yolov8';

/** A model input or output as the runtime reports it; a string or negative dim is dynamic. */
export interface TensorInfo {
  name: string;
  shape: readonly (number | string)[];
}

/** Everything the detector needs to feed a model and decode its output. */
export interface ModelSignature {
  family: ModelFamily;
  inputName: string;
  outputName: string;
  inputSize: { width: number; height: number };
  numClasses: number;
  strides: readonly number[];
  align: LetterboxAlign;
  pixels: PixelFormat;
}

const STRIDES = [8, 16, 32] as const;

/**
 * Recognises the model family from its input/output shapes: YOLOX `[1, anchors, 5 + classes]`
 * (undecoded grid rows) or Ultralytics YOLOv8/YOLO11 `[1, 4 + classes, anchors]`, where anchors is
 * the stride-8/16/32 grid point count of the input size. `requestedSize` sets the size of a model
 * whose input height/width are dynamic. Anything else throws `MODEL_UNSUPPORTED`.
 *
 * @example identifySignature('yolox_nano.onnx', [{ name: 'images', shape: [1, 3, 416, 416] }], [{ name: 'output', shape: [1, 3549, 85] }]).family // 'yolox'
 */
export function identifySignature(
  modelPath: string,
  inputs: readonly TensorInfo[],
  outputs: readonly TensorInfo[],
  requestedSize?: { width: number; height: number },
): ModelSignature {
  const describe = `inputs ${formatTensors(inputs)}, outputs ${formatTensors(outputs)}`;
  const unsupported = (why: string) =>
    new VisionError('MODEL_UNSUPPORTED', `unsupported detector model ${modelPath}: ${why} (${describe}); expected YOLOX [1,A,5+C] or YOLOv8/YOLO11 [1,4+C,A]`);

  if (inputs.length !== 1 || outputs.length !== 1) throw unsupported('needs exactly one input and one output');
  const [input] = inputs;
  const [output] = outputs;
  if (input.shape.length !== 4 || dim(input.shape[1]) !== 3) throw unsupported('input is not an NCHW image with 3 channels');
  const batch = dim(input.shape[0]);
  if (batch !== undefined && batch !== 1) throw unsupported(`input batch is ${batch}, not 1`);

  const fixedHeight = dim(input.shape[2]);
  const fixedWidth = dim(input.shape[3]);
  let inputSize: { width: number; height: number };
  if (fixedHeight !== undefined && fixedWidth !== undefined) {
    if (requestedSize && (requestedSize.width !== fixedWidth || requestedSize.height !== fixedHeight)) {
      throw unsupported(`input size is fixed at ${fixedWidth}x${fixedHeight}, ${requestedSize.width}x${requestedSize.height} was requested`);
    }
    inputSize = { width: fixedWidth, height: fixedHeight };
  } else {
    if (!requestedSize) throw unsupported('input size is dynamic; pass inputSize');
    inputSize = requestedSize;
  }
  if (inputSize.width % 32 !== 0 || inputSize.height % 32 !== 0) throw unsupported(`input size ${inputSize.width}x${inputSize.height} is not a multiple of 32`);

  if (output.shape.length !== 3) throw unsupported('output is not rank 3');
  const anchors = yoloxAnchorCount({ inputWidth: inputSize.width, inputHeight: inputSize.height, strides: STRIDES });
  const d1 = dim(output.shape[1]);
  const d2 = dim(output.shape[2]);
  const common = { inputName: input.name, outputName: output.name, inputSize, strides: STRIDES };

  if ((d1 === anchors || d1 === undefined) && d2 !== undefined && d2 > 5 && d2 !== anchors) {
    return { ...common, family: 'yolox', numClasses: d2 - 5, align: 'top-left', pixels: { order: 'bgr', scale: 1 } };
  }
  if ((d2 === anchors || d2 === undefined) && d1 !== undefined && d1 > 4 && d1 !== anchors) {
    return { ...common, family: 'yolov8', numClasses: d1 - 4, align: 'center', pixels: { order: 'rgb', scale: 1 / 255 } };
  }
  throw unsupported(`output does not match ${anchors} grid points for a ${inputSize.width}x${inputSize.height} input`);
}

function dim(value: number | string | undefined): number | undefined {
  return typeof value === 'number' && value > 0 ? value : undefined;
}

function formatTensors(tensors: readonly TensorInfo[]): string {
  return tensors.map((t) => `${t.name}[${t.shape.join(',')}]`).join(' ') || '(none)';
}
