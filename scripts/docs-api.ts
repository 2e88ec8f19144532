/** `npm run docs:api`: writes docs/api.md from the route declarations (the OpenAPI document). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApiDocument } from '@/app/api/registry';
import { renderApiMarkdown } from '@/server/http/openapi-markdown';

const target = join(process.cwd(), 'docs', 'api.md');
writeFileSync(target, renderApiMarkdown(openApiDocument()));
process.stdout.write(`wrote ${target}\n`);
