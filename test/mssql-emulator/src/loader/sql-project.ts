// Reads an SSDT project folder the way a deploy sees it: the .sqlproj's Build items are the
// objects, its PreDeploy/PostDeploy items the scripts run before/after them. A folder without a
// .sqlproj (the corpus keeps only the .sql files) builds every .sql file, and the files named as
// SSDT's templates name them (Script.PreDeployment*.sql, Script.PostDeployment*.sql) are the
// pre/post-deployment scripts.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';

export interface SqlProject {
  dir: string;
  /** The project's name: the .sqlproj's file name, else the folder's name. */
  name: string;
  /** Files of the Build items, absolute paths, in a stable (path) order. */
  build: string[];
  preDeploy: string[];
  postDeploy: string[];
  /** SqlCmdVariable items with their default values (DatabaseName is set by the deploy). */
  variables: Record<string, string>;
}

export function readSqlProject(dir: string): SqlProject {
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory())
    throw new Error(`--load-project: '${dir}' is not a directory.`);
  const projects = readdirSync(root).filter((f) => f.toLowerCase().endsWith('.sqlproj'));
  if (projects.length > 1)
    throw new Error(`--load-project: '${dir}' holds more than one .sqlproj (${projects.join(', ')}).`);
  return projects.length ? fromSqlproj(root, projects[0]) : fromFolder(root);
}

function fromSqlproj(root: string, file: string): SqlProject {
  const xml = readFileSync(join(root, file), 'utf8');
  const items = (tag: string) =>
    [...xml.matchAll(new RegExp(`<${tag}\\s+Include="([^"]+)"`, 'g'))].map((m) =>
      resolve(root, decodeXml(m[1]).replace(/\\/g, sep)),
    );
  const build = items('Build').filter((f) => f.toLowerCase().endsWith('.sql'));
  for (const f of [...build, ...items('PreDeploy'), ...items('PostDeploy')])
    if (!existsSync(f)) throw new Error(`${file}: the item '${relative(root, f)}' does not exist.`);
  const variables: Record<string, string> = {};
  for (const m of xml.matchAll(/<SqlCmdVariable\s+Include="([^"]+)"\s*>([\s\S]*?)<\/SqlCmdVariable>/g)) {
    const value = /<DefaultValue>([\s\S]*?)<\/DefaultValue>/.exec(m[2]);
    if (value) variables[decodeXml(m[1])] = decodeXml(value[1]);
  }
  return {
    dir: root,
    name: basename(file, '.sqlproj'),
    build: build.sort(),
    preDeploy: items('PreDeploy'),
    postDeploy: items('PostDeploy'),
    variables,
  };
}

function fromFolder(root: string): SqlProject {
  const files = sqlFiles(root).sort();
  const named = (pattern: RegExp) => files.filter((f) => pattern.test(basename(f)));
  const pre = named(/^Script\.PreDeployment.*\.sql$/i);
  const post = named(/^Script\.PostDeployment.*\.sql$/i);
  return {
    dir: root,
    name: basename(root),
    build: files.filter((f) => !pre.includes(f) && !post.includes(f)),
    preDeploy: pre,
    postDeploy: post,
    variables: {},
  };
}

function sqlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sqlFiles(join(dir, e.name))
      : e.name.toLowerCase().endsWith('.sql')
        ? [join(dir, e.name)]
        : [],
  );
}

function decodeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}
