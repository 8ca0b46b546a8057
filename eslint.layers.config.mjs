// Layer check alone (npm run lint:layers): fast, no type information needed.
import { layerRules } from './eslint.layers.mjs';

export default [{ ignores: ['**/*.spec.ts'] }, ...layerRules];
