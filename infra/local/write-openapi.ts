/** `npm run openapi`: rewrites the checked-in copy of the API's OpenAPI document. */
import { writeFile } from 'node:fs/promises';
import { openApiText } from '../../functions/shared/openapi.js';

await writeFile(process.argv[2] ?? 'functions/shared/openapi.json', openApiText(), 'utf8');
