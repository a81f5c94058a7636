import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import * as check from '../validate.js';

/** Element types of the IDX format, by their type code. */
const IDX_TYPES = {
  8: { name: 'uint8', bytes: 1 },
  9: { name: 'int8', bytes: 1 },
  11: { name: 'int16', bytes: 2 },
  12: { name: 'int32', bytes: 4 },
  13: { name: 'float32', bytes: 4 },
  14: { name: 'float64', bytes: 8 },
} as const;

/** A parsed IDX array: its element type, its shape and its values (as doubles). */
export interface IdxArray {
  dtype: (typeof IDX_TYPES)[keyof typeof IDX_TYPES]['name'];
  shape: number[];
  data: Float64Array;
}

/**
 * Parse the IDX format of LeCun et al.'s MNIST distribution (also Fashion-MNIST's): a magic number
 * 0x0000TTDD (TT the element type code, DD the number of dimensions), DD big-endian int32 sizes,
 * then the elements in big-endian row-major order. Gzipped input (magic 1f 8b) is inflated first.
 * Throws RangeError on a bad magic number, unknown type, or a length that does not match the shape.
 */
export function parseIdx(bytes: Uint8Array): IdxArray {
  if (!(bytes instanceof Uint8Array))
    throw new TypeError(`bytes must be a Uint8Array, got ${check.show(bytes)}`);
  let buf = bytes;
  if (buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) {
    // bounded, so a gzip bomb is a RangeError rather than an exhausted machine
    try {
      buf = new Uint8Array(gunzipSync(buf, { maxOutputLength: MAX_IDX_BYTES }));
    } catch (e) {
      throw new RangeError(`gzipped IDX data does not inflate: ${(e as Error).message}`);
    }
  }
  if (buf.length < 4) throw new RangeError(`IDX data too short for its header: ${buf.length} bytes`);
  if (buf[0] !== 0 || buf[1] !== 0) {
    throw new RangeError(
      `not IDX data: magic number must start with two zero bytes, got ${buf[0]}, ${buf[1]}`,
    );
  }
  const type = IDX_TYPES[buf[2] as keyof typeof IDX_TYPES];
  if (!type) throw new RangeError(`unknown IDX element type code 0x${buf[2].toString(16)}`);
  const ndims = buf[3];
  const header = 4 + 4 * ndims;
  if (buf.length < header)
    throw new RangeError(`IDX data too short for ${ndims} dimension sizes: ${buf.length} bytes`);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const shape: number[] = [];
  let count = 1;
  for (let d = 0; d < ndims; d++) {
    const size = view.getInt32(4 + 4 * d, false);
    if (size < 0) throw new RangeError(`IDX dimension ${d} has negative size ${size}`);
    shape.push(size);
    count *= size;
  }
  const expected = header + count * type.bytes;
  if (buf.length !== expected) {
    throw new RangeError(
      `IDX length mismatch: shape [${shape.join(', ')}] of ${type.name} needs ${expected} bytes, got ${buf.length}`,
    );
  }
  if (count > MAX_IDX_BYTES) throw new RangeError(`IDX shape [${shape.join(', ')}] is too large`);
  const data = new Float64Array(count);
  for (let i = 0, o = header; i < count; i++, o += type.bytes) {
    switch (type.name) {
      case 'uint8':
        data[i] = buf[o];
        break;
      case 'int8':
        data[i] = view.getInt8(o);
        break;
      case 'int16':
        data[i] = view.getInt16(o, false);
        break;
      case 'int32':
        data[i] = view.getInt32(o, false);
        break;
      case 'float32':
        data[i] = view.getFloat32(o, false);
        break;
      case 'float64':
        data[i] = view.getFloat64(o, false);
        break;
    }
  }
  if (type.name === 'float32' || type.name === 'float64') {
    for (let i = 0; i < count; i++) {
      if (!Number.isFinite(data[i])) {
        throw new RangeError(`IDX element ${i} is ${data[i]}: wixi reads finite data only`);
      }
    }
  }
  return { dtype: type.name, shape, data };
}

/** The largest IDX payload read or inflated (1 GiB; the full Fashion-MNIST training set is 47 MB). */
const MAX_IDX_BYTES = 2 ** 30;

/** Read and parse an IDX file (plain or gzipped). */
export function readIdx(path: string): IdxArray {
  if (typeof path !== 'string' || path === '')
    throw new TypeError(`path must be a file path, got ${check.show(path)}`);
  // a device or a directory would be read forever or fail obscurely: regular files only
  const stat = statSync(path);
  if (!stat.isFile()) throw new RangeError(`path must be a regular file, got ${check.show(path)}`);
  if (stat.size > MAX_IDX_BYTES)
    throw new RangeError(`${check.show(path)} is too large for IDX (${stat.size} bytes)`);
  return parseIdx(new Uint8Array(readFileSync(path)));
}

/** Real images as network inputs: one row per image, pixels scaled to [0, 1]. */
export interface ImageSet {
  /** Row-major (count, pixels) matrix of pixel/255. */
  x: Float64Array;
  count: number;
  pixels: number;
  labels: Int32Array;
}

/**
 * The Fashion-MNIST subset committed in `fixtures/fashion-mnist/` (the first 512 test images of
 * Xiao, Rasul & Vollgraf 2017, arXiv:1708.07747, MIT licence; see that folder's README for
 * provenance), with pixels divided by 255 as the discussion describes: every input is in [0, 1],
 * so the inputs have a nonzero mean.
 */
export function fashionMnistSubset(
  dir: string | URL = new URL('../../fixtures/fashion-mnist/', import.meta.url),
): ImageSet {
  if (!(typeof dir === 'string' && dir !== '') && !(dir instanceof URL)) {
    throw new TypeError(`dir must be a directory path or a file: URL, got ${check.show(dir)}`);
  }
  if (dir instanceof URL && dir.protocol !== 'file:') {
    throw new RangeError(`dir must be a file: URL, got ${check.show(dir.href)}`);
  }
  const base = typeof dir === 'string' ? pathToFileURL(dir.endsWith('/') ? dir : `${dir}/`) : dir;
  const images = readIdx(fileURLToPath(new URL('t10k-images-subset.idx3-ubyte', base)));
  const labels = readIdx(fileURLToPath(new URL('t10k-labels-subset.idx1-ubyte', base)));
  if (images.shape.length !== 3)
    throw new RangeError(`images must be 3-D, got shape [${images.shape.join(', ')}]`);
  const [count, rows, cols] = images.shape;
  if (labels.shape[0] !== count)
    throw new RangeError(`labels count ${labels.shape[0]} != images count ${count}`);
  const x = images.data;
  for (let i = 0; i < x.length; i++) x[i] /= 255;
  return { x, count, pixels: rows * cols, labels: Int32Array.from(labels.data) };
}
