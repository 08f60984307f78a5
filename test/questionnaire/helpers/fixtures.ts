import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseDefinition, type QuestionnaireDefinition } from '../../../src/questionnaire/definition.js';

/** A small questionnaire with one question of every answer type, for focused tests. */
export const MINI_YAML = `
id: mini
version: 2.0.0
title: { vi: Bảng hỏi thử, en: Test questionnaire }
sections:
  - id: first
    title: { vi: Phần một, en: Part one }
    questions:
      - id: q-bool
        text: { vi: Có bật tính năng A không?, en: Is feature A on? }
        type: boolean
        severity: high
        rule: { equals: true }
        references: [{ source: Test }]
        remediation: { vi: Bật A., en: Turn A on. }
      - id: q-int
        text: { vi: Bao nhiêu ký tự?, en: How many characters? }
        type: integer
        min: 0
        max: 100
        unit: { vi: ký tự, en: characters }
        severity: medium
        rules:
          default: { min: 8 }
          frameworks:
            fw-strict: { min: 15, escalate: [{ when: { max: 7 }, severity: critical }] }
            fw-lax: { min: 8, severity: low }
        references: [{ source: Test }]
        remediation: { vi: Tăng độ dài., en: Raise the length. }
      - id: q-choice
        text: { vi: Chọn mức?, en: Pick a level? }
        type: choice
        notApplicableAllowed: true
        choices:
          - { value: a, label: { vi: Mức A, en: Level A } }
          - { value: b, label: { vi: Mức B, en: Level B } }
          - { value: c, label: { vi: Mức C, en: Level C } }
        severity: medium
        rule: { oneOf: [a, b], escalate: [{ when: { equals: c }, severity: critical }] }
        references: [{ source: Test }]
        remediation: { vi: Chọn A hoặc B., en: Pick A or B. }
  - id: second
    title: { vi: Phần hai, en: Part two }
    questions:
      - id: q-multi
        text: { vi: Đã làm những việc nào?, en: Which were done? }
        type: multi-choice
        choices:
          - { value: x, label: { vi: Việc X, en: Task X } }
          - { value: y, label: { vi: Việc Y, en: Task Y } }
          - { value: z, label: { vi: Việc Z, en: Task Z } }
        severity: low
        rule: { includesAll: [x, z] }
        references: [{ source: Test }]
        remediation: { vi: Làm X và Z., en: Do X and Z. }
      - id: q-text
        text: { vi: Số văn bản?, en: Document number? }
        type: text
        severity: info
        rule: { answered: true }
        references: [{ source: Test }]
        remediation: { vi: Ban hành văn bản., en: Issue the document. }
      - id: q-date
        text: { vi: Ngày kiểm tra gần nhất?, en: Last check date? }
        type: date
        severity: medium
        levels: [3, 4, 5]
        rule: { withinDays: 365 }
        references: [{ source: Test }]
        remediation: { vi: Kiểm tra lại., en: Check again. }
`;

export function miniDefinition(): QuestionnaireDefinition {
  return parseDefinition(MINI_YAML, 'mini.yaml');
}

export function tempDir(prefix = 'attt-q-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
