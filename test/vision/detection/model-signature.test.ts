import { describe, expect, it } from 'vitest';
import { identifySignature } from '../../../src/vision/detection/model-signature';
import { VisionError } from '../../../src/vision/vision-error';

const image = (w: number | string, h: number | string) => [{ name: 'images', shape: [1, 3, h, w] }];

describe('identifySignature', () => {
  it('recognises YOLOX-Nano (undecoded grid rows)', () => {
    const s = identifySignature('m.onnx', image(416, 416), [{ name: 'output', shape: [1, 3549, 85] }]);
    expect(s).toMatchObject({ family: 'yolox', numClasses: 80, inputSize: { width: 416, height: 416 }, align: 'top-left', pixels: { order: 'bgr', scale: 1 } });
  });

  it('recognises Ultralytics YOLOv8/YOLO11 (channel-major, no objectness)', () => {
    const s = identifySignature('m.onnx', image(640, 640), [{ name: 'output0', shape: [1, 84, 8400] }]);
    expect(s).toMatchObject({ family: 'yolov8', numClasses: 80, align: 'center', pixels: { order: 'rgb', scale: 1 / 255 } });
    expect(identifySignature('m.onnx', image(320, 320), [{ name: 'output0', shape: [1, 5, 2100] }])).toMatchObject({ family: 'yolov8', numClasses: 1 });
  });

  it('takes the size of a dynamic-input model from the caller', () => {
    const s = identifySignature('m.onnx', image('width', 'height'), [{ name: 'output0', shape: [1, 84, 'anchors'] }], { width: 640, height: 384 });
    expect(s).toMatchObject({ family: 'yolov8', inputSize: { width: 640, height: 384 } });
  });

  it.each([
    ['YOLOv5 (anchor-based)', image(640, 640), [{ name: 'output0', shape: [1, 25200, 85] }]],
    ['an end-to-end export with NMS inside', image(640, 640), [{ name: 'output0', shape: [1, 300, 6] }]],
    ['a segmentation export (two outputs)', image(640, 640), [{ name: 'output0', shape: [1, 116, 8400] }, { name: 'output1', shape: [1, 32, 160, 160] }]],
    ['a grey-scale input', [{ name: 'x', shape: [1, 1, 416, 416] }], [{ name: 'output', shape: [1, 3549, 85] }]],
    ['a batch of 4', [{ name: 'x', shape: [4, 3, 416, 416] }], [{ name: 'output', shape: [4, 3549, 85] }]],
  ])('rejects %s with MODEL_UNSUPPORTED naming the path', (_, inputs, outputs) => {
    let error: unknown;
    try {
      identifySignature('/models/other.onnx', inputs, outputs);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(VisionError);
    expect(error).toMatchObject({ code: 'MODEL_UNSUPPORTED', retryable: false });
    expect((error as Error).message).toContain('/models/other.onnx');
  });

  it('rejects a size request that contradicts a fixed input and a dynamic input without one', () => {
    expect(() => identifySignature('m.onnx', image(416, 416), [{ name: 'output', shape: [1, 3549, 85] }], { width: 640, height: 640 })).toThrow(/fixed at 416x416/);
    expect(() => identifySignature('m.onnx', image('w', 'h'), [{ name: 'output0', shape: [1, 84, 'n'] }])).toThrow(/dynamic/);
  });
});
