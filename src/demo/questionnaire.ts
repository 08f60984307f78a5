import path from 'node:path';
import { answersPath, type AnswerEntry, type AnswersFile } from '../questionnaire/index.js';
import { loadQuestionnaire } from '../questionnaire/index.js';
import { saveAnswers } from '../questionnaire/index.js';
import type { StartDemo } from './types.js';

type DemoAnswers = Record<string, AnswerEntry['value'] | AnswerEntry>;

interface DemoUnit {
  unit: string;
  system: { id: string; name: string; level: number };
  respondent: { name: string; title: string };
  /** Answers per questionnaire; questions left out stay unanswered on purpose. */
  answers: Record<'password-policy' | 'security-management', DemoAnswers>;
}

/** A unit that follows the Vietnamese rules closely (and so fails NIST on composition and rotation). */
const VAN_PHONG: DemoUnit = {
  unit: 'van-phong',
  system: { id: 'quan-ly-tai-khoan', name: 'Quản lý tài khoản và mật khẩu', level: 2 },
  respondent: { name: 'Trần Thị Bình', title: 'Chuyên viên Văn phòng Sở' },
  answers: {
    'password-policy': {
      'min-length': 12, 'min-length-mfa': 8, 'max-length': 128, 'composition-rules': true, blocklist: true,
      'paste-and-managers-allowed': true, 'hints-or-security-questions': false, 'periodic-change': 'quarterly-or-more',
      'admin-rotation-months': 2, 'change-on-compromise': true, 'lockout-threshold': 5, 'lockout-duration-minutes': 720,
      'idle-lock-minutes': 10, 'mfa-admin-remote': { value: 'yes', evidence: 'Cấu hình VPN có OTP, biên bản kiểm tra ngày 12/3' },
      'mfa-internet-users': { value: 'n/a', note: 'Văn phòng không có dịch vụ công trực tuyến riêng' },
      'default-credentials-changed': true, 'storage-hashing': 'salted-slow-hash', 'shared-accounts': false, 'dormant-account-days': 45,
    },
    'security-management': {
      'training-coverage-percent': 100, 'all-units-trained': true, 'training-activities': ['awareness-training', 'incident-drill'],
      'periodic-assessment-done': true, 'security-staff-designated': true, 'incident-contact-named': true, 'breach-notification-72h': true,
      'incident-procedure-reference': 'Quyết định số 125/QĐ-SLĐTBXH', 'backup-restore-tested': true, 'patch-cadence-days': 30,
      'log-retention-months': 12, 'log-review-days': 7, 'asset-inventory-current': true, 'access-review-months': 3,
    },
  },
};

/** A unit with real gaps: short passwords, no lockout, shared accounts, untested backups. */
const NGUOI_CO_CONG: DemoUnit = {
  unit: 'nguoi-co-cong',
  system: { id: 'csdl-nguoi-co-cong', name: 'Cơ sở dữ liệu người có công', level: 3 },
  respondent: { name: 'Lê Văn Cường', title: 'Phó Trưởng phòng Người có công' },
  answers: {
    'password-policy': {
      'min-length': 6, 'min-length-mfa': 6, 'max-length': 16, 'composition-rules': false, blocklist: false,
      'paste-and-managers-allowed': false, 'hints-or-security-questions': { value: true, note: 'Câu hỏi bảo mật khi quên mật khẩu' },
      'periodic-change': 'none', 'admin-rotation-months': 0, 'change-on-compromise': true, 'lockout-threshold': 0,
      'idle-lock-minutes': 0, 'mfa-admin-remote': 'no', 'mfa-internet-users': 'partial', 'default-credentials-changed': false,
      'storage-hashing': 'unknown', 'shared-accounts': { value: true, note: 'Tài khoản "nhapdulieu" dùng chung cho 4 người' },
    },
    'security-management': {
      'training-coverage-percent': 40, 'all-units-trained': false, 'training-activities': ['awareness-training'],
      'periodic-assessment-done': false, 'vulnerability-scan-months': 0, 'incident-contact-named': true,
      'backup-restore-tested': false, 'patch-cadence-days': 120, 'log-retention-months': 3, 'asset-inventory-current': false,
      'access-review-months': 0,
    },
  },
};

/** A unit that follows NIST (no composition rules, no rotation) and has a few unanswered questions. */
const LAO_DONG_VIEC_LAM: DemoUnit = {
  unit: 'lao-dong-viec-lam',
  system: { id: 'cong-viec-lam', name: 'Cổng thông tin việc làm', level: 2 },
  respondent: { name: 'Phạm Thu Hà', title: 'Chuyên viên phòng Lao động - Việc làm' },
  answers: {
    'password-policy': {
      'min-length': 15, 'min-length-mfa': 8, 'max-length': 0, 'composition-rules': false, blocklist: true,
      'paste-and-managers-allowed': true, 'hints-or-security-questions': false, 'periodic-change': 'none',
      'admin-rotation-months': 0, 'change-on-compromise': true, 'lockout-threshold': 10, 'lockout-duration-minutes': 30,
      'idle-lock-minutes': 30, 'mfa-admin-remote': 'partial', 'mfa-internet-users': 'yes', 'default-credentials-changed': true,
      'storage-hashing': 'salted-slow-hash',
    },
    'security-management': {
      'training-coverage-percent': 85, 'all-units-trained': true, 'training-activities': ['awareness-training', 'phishing-simulation'],
      'periodic-assessment-done': true, 'incident-contact-named': false, 'backup-restore-tested': true, 'patch-cadence-days': 14,
      'log-retention-months': 6,
    },
  },
};

/** A unit that has only just started: most questions unanswered. */
const TRUNG_TAM_DVVL: DemoUnit = {
  unit: 'trung-tam-dvvl',
  system: { id: 'quan-ly-hoc-vien', name: 'Phần mềm quản lý học viên, người tìm việc', level: 2 },
  respondent: { name: 'Đỗ Minh Khoa', title: 'Cán bộ kỹ thuật Trung tâm Dịch vụ việc làm' },
  answers: {
    'password-policy': { 'min-length': 8, 'composition-rules': true, 'mfa-admin-remote': 'no', 'default-credentials-changed': true },
    'security-management': { 'training-coverage-percent': 60, 'all-units-trained': false },
  },
};

const BAO_TRO_XA_HOI: DemoUnit = {
  unit: 'bao-tro-xa-hoi',
  system: { id: 'chi-tra-tro-cap', name: 'Hệ thống chi trả trợ cấp xã hội', level: 3 },
  respondent: { name: 'Nguyễn Thị Lan', title: 'Trưởng phòng Bảo trợ xã hội' },
  answers: {
    'password-policy': {
      'min-length': 10, 'min-length-mfa': 8, 'max-length': 64, 'composition-rules': true, blocklist: false,
      'paste-and-managers-allowed': true, 'hints-or-security-questions': false, 'periodic-change': 'yearly',
      'admin-rotation-months': 3, 'change-on-compromise': true, 'lockout-threshold': 5, 'lockout-duration-minutes': 0,
      'idle-lock-minutes': 15, 'mfa-admin-remote': 'yes', 'mfa-internet-users': 'no', 'default-credentials-changed': true,
      'storage-hashing': 'fast-hash', 'shared-accounts': false, 'dormant-account-days': 90,
    },
    'security-management': {
      'training-coverage-percent': 100, 'all-units-trained': true, 'training-activities': ['awareness-training', 'technical-training', 'incident-drill'],
      'periodic-assessment-done': true, 'vulnerability-scan-months': 6, 'security-staff-designated': true, 'incident-contact-named': true,
      'breach-notification-72h': false, 'incident-procedure-reference': 'Quy chế số 08/QC-SLĐTBXH', 'backup-restore-tested': true,
      'patch-cadence-days': 30, 'log-retention-months': 12, 'log-review-days': 30, 'asset-inventory-current': true, 'access-review-months': 6,
    },
  },
};

export const DEMO_QUESTIONNAIRE_UNITS: readonly DemoUnit[] = [VAN_PHONG, NGUOI_CO_CONG, LAO_DONG_VIEC_LAM, TRUNG_TAM_DVVL, BAO_TRO_XA_HOI];

function toEntries(answers: DemoAnswers): Record<string, AnswerEntry> {
  return Object.fromEntries(
    Object.entries(answers).map(([id, a]) => [id, a !== null && typeof a === 'object' && !Array.isArray(a) ? a : { value: a }]),
  );
}

/** Days before `now`, as YYYY-MM-DD: demo dates stay recent whenever the demo runs. */
function daysAgo(now: Date, days: number): string {
  return new Date(now.getTime() - days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The questionnaire part of `attt demo`: realistic answers (some compliant, some not, some
 * questions left unanswered) for five demo units, and one system per unit that lists both
 * questionnaires. Nothing is started, so stop() has nothing to do.
 */
export const startQuestionnaireDemo: StartDemo = async (opts) => {
  const now = new Date();
  const files: string[] = [];
  const systems: Array<{ unit: string; system: Record<string, unknown> }> = [];
  const assessedDaysAgo: Record<string, number> = { 'van-phong': 120, 'nguoi-co-cong': 900, 'lao-dong-viec-lam': 300, 'bao-tro-xa-hoi': 200 };
  for (const demo of DEMO_QUESTIONNAIRE_UNITS) {
    for (const questionnaireId of ['password-policy', 'security-management'] as const) {
      const def = loadQuestionnaire(questionnaireId);
      const entries = toEntries(demo.answers[questionnaireId]);
      if (questionnaireId === 'security-management' && assessedDaysAgo[demo.unit] !== undefined) {
        entries['last-assessment-date'] = { value: daysAgo(now, assessedDaysAgo[demo.unit]) };
      }
      const answers: AnswersFile = { questionnaire: def.id, version: def.version, unit: demo.unit, respondent: demo.respondent, date: daysAgo(now, 3), answers: entries };
      const file = answersPath(path.join(opts.dir, 'answers'), demo.unit, def.id);
      saveAnswers(file, def, answers, 'vi');
      files.push(path.relative(opts.dir, file));
    }
    systems.push({ unit: demo.unit, system: { ...demo.system, questionnaires: ['password-policy', 'security-management'], targets: [] } });
  }
  return { systems, files, stop: async () => {} };
};
