/**
 * TensorFlow.js interop: wrap wixi initializers for `tf.layers` (`toTfjsInitializer`) and load
 * TensorFlow.js lazily. TensorFlow.js is an optional peer dependency, imported on first use.
 * @module wixi/tfjs
 */
export {
  type AdapterLayout,
  inferLayout,
  kerasToTorchShape,
  type TfjsInitializer,
  type TfjsInitializerOptions,
  torchToKeras,
  toTfjsInitializer,
  toTfjsInitializerSync,
} from './adapter.js';
export { type Importer, loadTfjs, TFJS_INSTALL, TfjsMissingError, type TfjsModules } from './load.js';
