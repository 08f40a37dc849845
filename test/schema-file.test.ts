import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { scenarioJsonSchema } from '../src/scenario/schema.js';

it('the published schema/scenario.schema.json is the one the code makes (run `npm run schema` after changing fields)', () => {
  const published = JSON.parse(readFileSync(new URL('../schema/scenario.schema.json', import.meta.url), 'utf8'));
  expect(published).toEqual(scenarioJsonSchema());
});
