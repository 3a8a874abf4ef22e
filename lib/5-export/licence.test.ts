import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectLicence, isLicenceFile } from './licence';

const TEXTS: Record<string, string> = {
  MIT: 'MIT License\n\nCopyright (c) 2024 Someone\n\nPermission is hereby granted, free of charge, to any person obtaining a copy\nof this software and associated documentation files (the "Software"), to deal',
  'Apache-2.0': '\n                                 Apache License\n                           Version 2.0, January 2004\n                        http://www.apache.org/licenses/\n',
  'BSD-3-Clause':
    'Copyright (c) 2020, X\n\nRedistribution and use in source and binary forms, with or without\nmodification, are permitted provided that the following conditions are met:\n\n3. Neither the name of the copyright holder nor the names of its\n   contributors may be used to endorse or promote products',
  'BSD-2-Clause': 'Copyright (c) 2020, X\n\nRedistribution and use in source and binary forms, with or without\nmodification, are permitted provided that the following conditions are met:\n1. Redistributions of source code',
  'GPL-3.0': '                    GNU GENERAL PUBLIC LICENSE\n                       Version 3, 29 June 2007\n\n Everyone is permitted to copy and distribute verbatim copies; see the GNU Lesser General Public License for libraries.',
  'GPL-2.0': '\t\t    GNU GENERAL PUBLIC LICENSE\n\t\t       Version 2, June 1991\n\n(Some other Free Software Foundation software is covered by\nthe GNU Lesser General Public License instead.)',
  'LGPL-3.0': '                   GNU LESSER GENERAL PUBLIC LICENSE\n                       Version 3, 29 June 2007\n\n  This version of the GNU Lesser General Public License incorporates\nthe terms and conditions of version 3 of the GNU General Public License',
  'LGPL-2.1': '                  GNU LESSER GENERAL PUBLIC LICENSE\n                       Version 2.1, February 1999\n',
  'MPL-2.0': 'Mozilla Public License Version 2.0\n==================================\n\n1. Definitions',
  ISC: 'ISC License\n\nCopyright (c) 2019\n\nPermission to use, copy, modify, and/or distribute this software for any\npurpose with or without fee is hereby granted, provided that the above',
  Unlicense: 'This is free and unencumbered software released into the public domain.\n\nAnyone is free to copy',
};

test('the common licences are recognised by their text', () => {
  for (const [id, text] of Object.entries(TEXTS)) assert.equal(detectLicence(text), id, id);
});

test('anything else is unknown', () => {
  assert.equal(detectLicence('All rights reserved. Do not copy.'), 'unknown');
  assert.equal(detectLicence(''), 'unknown');
  assert.equal(detectLicence(null), 'unknown');
});

test('licence files are the root LICENSE, LICENSE.md, LICENSE.txt and COPYING, in any case', () => {
  for (const p of ['LICENSE', 'license.md', 'LICENSE.txt', 'COPYING', 'Licence']) assert.ok(isLicenceFile(p), p);
  for (const p of ['src/LICENSE', 'LICENSE-THIRD-PARTY', 'README.md']) assert.ok(!isLicenceFile(p), p);
});
