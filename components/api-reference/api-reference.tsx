import {
  operationsByTag,
  type ListedOperation,
  type OpenApiDocument,
  type OpenApiOperation,
} from '@/server/contracts/openapi';
import { outlineSchema, typeOf, type OutlineField } from '@/server/contracts/schema-outline';
import styles from './api-reference.module.css';

const anchor = (method: string, path: string): string =>
  `${method}-${path}`
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

function Fields({ caption, fields }: { caption: string; fields: readonly OutlineField[] }) {
  return (
    <table className={styles.table}>
      <caption className={styles.caption}>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Type</th>
          <th scope="col">Required</th>
          <th scope="col">Description</th>
        </tr>
      </thead>
      <tbody>
        {fields.map((field) => (
          <tr key={field.path}>
            <td>
              <code>{field.path}</code>
            </td>
            <td className={styles.type}>{field.type}</td>
            <td>{field.required ? 'yes' : ''}</td>
            <td>{field.description ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Operation({
  method,
  path,
  operation,
}: {
  method: string;
  path: string;
  operation: OpenApiOperation;
}) {
  const parameters = operation.parameters ?? [];
  const body = operation.requestBody?.content['application/json'].schema;
  const ok = operation.responses['200'];
  const response = ok?.content?.['application/json'].schema;
  const title = `${method} ${path}`;
  return (
    <article className={styles.operation} id={anchor(method, path)} aria-label={title}>
      <h3 className={styles.operationTitle}>
        <span className={styles.method}>{method}</span> <code>{path}</code>
      </h3>
      {operation.summary ? <p>{operation.summary}</p> : null}
      {operation.description ? <p className={styles.muted}>{operation.description}</p> : null}
      <p className={styles.permission}>
        Permission <code>{operation['x-permission']}</code> · least role {operation['x-least-role']}
      </p>
      {parameters.length > 0 ? (
        <table className={styles.table}>
          <caption className={styles.caption}>Parameters</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">In</th>
              <th scope="col">Type</th>
              <th scope="col">Required</th>
              <th scope="col">Description</th>
            </tr>
          </thead>
          <tbody>
            {parameters.map((p) => (
              <tr key={`${p.in}-${p.name}`}>
                <td>
                  <code>{p.name}</code>
                </td>
                <td>{p.in}</td>
                <td className={styles.type}>{typeOf(p.schema)}</td>
                <td>{p.required ? 'yes' : ''}</td>
                <td>{p.description ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {body ? <Fields caption="Request body (JSON)" fields={outlineSchema(body)} /> : null}
      {response ? (
        <details className={styles.details}>
          <summary>Response 200 (JSON)</summary>
          <Fields caption="Response 200 (JSON)" fields={outlineSchema(response)} />
        </details>
      ) : ok ? (
        <p className={styles.muted}>Response 200: {ok.description.replace(/^OK: /, '')}</p>
      ) : null}
    </article>
  );
}

/** An area's heading: `dead-letters` reads "Dead letters"; a file name (`openapi.json`) stays as it is. */
const areaTitle = (tag: string): string =>
  tag.includes('.') ? tag : `${tag.charAt(0).toUpperCase()}${tag.slice(1).replaceAll('-', ' ')}`;

const ALL = 'all';

const areaHref = (tag: string): string => `/api-reference?area=${encodeURIComponent(tag)}`;

function Area({ tag, list }: { tag: string; list: readonly ListedOperation[] }) {
  const title = areaTitle(tag);
  return (
    <section aria-label={title} className={styles.group}>
      <h2 className={styles.groupTitle}>{title}</h2>
      <ul aria-label={`${title} routes`} className={styles.routeIndex}>
        {list.map(({ method, path }) => (
          <li key={`${method} ${path}`}>
            <a href={`#${anchor(method, path)}`}>
              <span className={styles.method}>{method}</span> <code>{path}</code>
            </a>
          </li>
        ))}
      </ul>
      {list.map((entry) => (
        <Operation key={`${entry.method} ${entry.path}`} {...entry} />
      ))}
    </section>
  );
}

/**
 * The OpenAPI document, readable: one area's routes at a time by default (the whole document is a few
 * hundred tables, long to read and to find a route in; `area=all` still shows it on one page), each
 * with permission, parameters and response. The area lives in the URL, so a link can point at it.
 */
export function ApiReference({ doc, area }: { doc: OpenApiDocument; area?: string }) {
  const groups = [...operationsByTag(doc)];
  const chosen = area === ALL ? undefined : (groups.find(([tag]) => tag === area) ?? groups[0]);
  const current = chosen?.[0] ?? ALL;
  const shown = chosen ? [chosen] : groups;
  return (
    <div className={styles.reference}>
      <nav aria-label="API areas" className={styles.toc}>
        <ul>
          {[...groups, [ALL, []] as const].map(([name, routes]) => (
            <li key={name}>
              <a
                href={areaHref(name)}
                className={styles.area}
                aria-current={name === current ? 'page' : undefined}
              >
                {name === ALL ? 'All areas' : areaTitle(name)}
                {name === ALL ? null : <span className={styles.count}>{routes.length}</span>}
              </a>
            </li>
          ))}
        </ul>
        <p className={styles.muted}>
          Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI {doc.openapi})
        </p>
      </nav>
      {area !== undefined && area !== current ? (
        <p role="status" className={styles.notice}>
          No API area is called “{area}”; showing {areaTitle(current)}.
        </p>
      ) : null}
      {shown.map(([tag, list]) => (
        <Area key={tag} tag={tag} list={list} />
      ))}
    </div>
  );
}
