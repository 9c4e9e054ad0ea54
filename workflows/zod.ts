/**
 * zod for every schema of the system: `zod/mini`, whose functions tree-shake, so a
 * bundle carries only the validators it uses (the `z` of `zod` keeps the whole
 * library, every locale included: 390 KB of a handler's bundle). English messages,
 * as `zod` gives them, for the fields whose schemas set none.
 */
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

export * from 'zod/mini';
