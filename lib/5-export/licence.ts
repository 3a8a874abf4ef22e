/**
 * A repository's licence, recognised from the text of its licence file (LICENSE, LICENSE.md,
 * LICENSE.txt, COPYING at the root). Only the common open-source licences are named, by their
 * SPDX identifiers; anything else is 'unknown', which the dataset card says plainly.
 */

/** Root files that hold a licence, most specific first. */
export const LICENCE_FILES = ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'LICENCE', 'LICENCE.md', 'LICENCE.txt', 'COPYING', 'COPYING.md', 'COPYING.txt'];

export function isLicenceFile(path: string): boolean {
  return LICENCE_FILES.some((name) => name.toLowerCase() === path.toLowerCase());
}

/**
 * The GNU licences quote one another (the GPL-2.0 text names the Library GPL, the LGPL-3.0 text
 * the GPL), so the first GNU title in the file decides, with the first version after it.
 */
function gnuLicence(t: string): string | null {
  const title = /gnu (lesser |library |affero )?general public licen[sc]e/.exec(t);
  if (!title) return null;
  const version = /version (\d)(\.\d)?/.exec(t.slice(title.index, title.index + 400));
  const kind = title[1]?.trim();
  if (kind === 'affero') return 'AGPL-3.0';
  if (kind === 'lesser' || kind === 'library') {
    if (version?.[1] === '3') return 'LGPL-3.0';
    return version?.[2] === '.1' ? 'LGPL-2.1' : 'LGPL-2.0';
  }
  if (version?.[1] === '3') return 'GPL-3.0';
  if (version?.[1] === '2') return 'GPL-2.0';
  return null;
}

/** Ordered: an Apache or MPL file with bundled notices of other licences is still Apache or MPL. */
const RULES: [string, (t: string) => boolean][] = [
  ['Apache-2.0', (t) => /apache license/.test(t) && /version 2\.0/.test(t)],
  ['MPL-2.0', (t) => /mozilla public license,? (version |v\.? ?)2\.0/.test(t)],
  ['Unlicense', (t) => /this is free and unencumbered software released into the public domain/.test(t)],
  ['ISC', (t) => /permission to use, copy, modify, and\/?or distribute this software for any purpose with or without fee is hereby granted/.test(t)],
  ['MIT', (t) => /permission is hereby granted, free of charge, to any person obtaining a copy/.test(t)],
  ['BSD-3-Clause', (t) => /redistribution and use in source and binary forms/.test(t) && /(neither the name|names of (its|the) contributors may be used to endorse)/.test(t)],
  ['BSD-2-Clause', (t) => /redistribution and use in source and binary forms/.test(t)],
];

/** The SPDX identifier of a licence text, or 'unknown'. */
export function detectLicence(text: string | null | undefined): string {
  if (!text) return 'unknown';
  // Licence files wrap lines and indent freely: compare on single-spaced lower-case text.
  const t = text.toLowerCase().replace(/\s+/g, ' ');
  for (const [id, matches] of RULES.slice(0, 2)) if (matches(t)) return id;
  const gnu = gnuLicence(t);
  if (gnu) return gnu;
  for (const [id, matches] of RULES.slice(2)) if (matches(t)) return id;
  return 'unknown';
}
