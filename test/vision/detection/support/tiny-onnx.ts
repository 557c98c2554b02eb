/**
 * Encodes a minimal valid ONNX model (one Identity node, float32, fixed shape) so the loader can
 * be tested on a real model with a signature no detector has. Protobuf by hand: no onnx package.
 *
 * @example writeFileSync(file, identityModel([1, 3, 64, 64]))
 */
export function identityModel(shape: readonly number[]): Buffer {
  const valueInfo = (name: string) =>
    message([
      stringField(1, name),
      bytesField(2, message([bytesField(1, message([varintField(1, 1), bytesField(2, message(shape.map((d) => bytesField(1, message([varintField(1, d)])))))]))])),
    ]);
  const node = message([stringField(1, 'x'), stringField(2, 'y'), stringField(4, 'Identity')]);
  const graph = message([bytesField(1, node), stringField(2, 'identity'), bytesField(11, valueInfo('x')), bytesField(12, valueInfo('y'))]);
  return message([varintField(1, 7), bytesField(7, graph), bytesField(8, message([varintField(2, 13)]))]);
}

function varint(value: number): Buffer {
  const bytes: number[] = [];
  let v = value;
  while (v >= 0x80) {
    bytes.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  bytes.push(v);
  return Buffer.from(bytes);
}

function varintField(field: number, value: number): Buffer {
  return Buffer.concat([varint(field << 3), varint(value)]);
}

function bytesField(field: number, payload: Buffer): Buffer {
  return Buffer.concat([varint((field << 3) | 2), varint(payload.length), payload]);
}

function stringField(field: number, value: string): Buffer {
  return bytesField(field, Buffer.from(value, 'utf8'));
}

function message(fields: Buffer[]): Buffer {
  return Buffer.concat(fields);
}
