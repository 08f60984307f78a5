import { defineCheck, type CheckContext, type CheckResult } from '../../src/checks/index.js';
import { PORTS_OBSERVATION, type PortsObservation } from '../../src/observations/ports/index.js';
import { HTTP_OBSERVATION, type HttpFacts } from '../../src/observations/http/index.js';
import { SSH_OBSERVATION, type SshObservation } from '../../src/observations/ssh/index.js';
import type { Severity } from '../../src/results/index.js';
import { assessVersion, eolTableFrom, type EolTable } from '../../src/software/index.js';
import { distroFixFor, distroFromMarker, distroSupportAt, hostSoftwareOf, productName, softwareClaims } from '../../src/software/index.js';

type M = 'eolBranch' | 'knownVulnerable' | 'behindLatest' | 'distroSupported';

export const { meta, run } = defineCheck([PORTS_OBSERVATION, HTTP_OBSERVATION, SSH_OBSERVATION], {
  id: 'software.outdated',
  family: 'software',
  severity: 'high',
  title: { vi: 'Phần mềm đã hết hỗ trợ hoặc cũ (theo phiên bản tự khai)', en: 'End-of-life or outdated software (from the version it announces)' },
  description: {
    vi: 'So sánh phiên bản mà banner/tiêu đề tự khai với dữ liệu hết hạn hỗ trợ (EOL) đi kèm: nhánh đã hết hỗ trợ không còn bản vá bảo mật; bản cũ hơn bản sửa lỗi đã biết có lỗ hổng công khai. Bản dựng của bản phân phối Linux (Debian, Ubuntu, CentOS…) thường vá ngược mà không đổi số phiên bản, nên các phát hiện đó cần đơn vị xác minh.',
    en: 'Compares the version a banner/header announces with the bundled end-of-life data: an EOL branch gets no security fixes; a version older than a known fixed release has public vulnerabilities. Linux distribution builds (Debian, Ubuntu, CentOS …) backport fixes without changing the version, so such findings need the unit to verify.',
  },
  remediation: {
    vi: 'Nâng cấp lên nhánh còn được hỗ trợ (hoặc bản vá mới nhất của nhánh). Với bản dựng của bản phân phối: đối chiếu gói đang cài với thông báo bảo mật của bản phân phối; nếu hệ điều hành đã hết hỗ trợ thì nâng cấp hệ điều hành.',
    en: 'Upgrade to a supported branch (or the branch\'s latest release). For distribution builds: check the installed package against the distribution\'s security tracker; if the OS release is itself out of support, upgrade the OS.',
  },
  references: [
    { source: 'endoflife.date', title: 'End-of-life data (bundled snapshot, see checks/data/eol.yaml)', url: 'https://endoflife.date/' },
    { source: 'Ubuntu', title: 'Version banners may not reflect backported fixes', url: 'https://documentation.ubuntu.com/' },
    { source: 'OWASP', title: 'Top 10 2021 A06: Vulnerable and Outdated Components', url: 'https://owasp.org/Top10/A06_2021-Vulnerable_and_Outdated_Components/' },
  ],
  messages: {
    eolBranch: {
      vi: '{{name}} {{version}} ({{whereVi}}) thuộc nhánh {{branch}} đã hết hỗ trợ bảo mật từ {{eol}} (dữ liệu EOL ngày {{dataDate}}). {{verifyVi}}',
      en: '{{name}} {{version}} ({{whereEn}}) is on branch {{branch}}, out of security support since {{eol}} (EOL data of {{dataDate}}). {{verifyEn}}',
    },
    knownVulnerable: {
      vi: '{{name}} {{version}} ({{whereVi}}) nằm trong dải phiên bản bị ảnh hưởng bởi {{advisories}} (đã sửa từ {{fixed}}; dữ liệu ngày {{dataDate}}). {{verifyVi}}',
      en: '{{name}} {{version}} ({{whereEn}}) is in the range affected by {{advisories}} (fixed in {{fixed}}; data of {{dataDate}}). {{verifyEn}}',
    },
    distroSupported: {
      vi: '{{name}} {{version}} ({{whereVi}}) thuộc nhánh {{branch}} mà nhà phát triển đã ngừng hỗ trợ từ {{eol}}, nhưng đây là bản dựng của {{distro}} {{release}} ({{distroHowVi}}), được bản phân phối vá đến {{until}} (dữ liệu ngày {{dataDate}}). Đề nghị đơn vị xác nhận gói đã được cập nhật.',
      en: '{{name}} {{version}} ({{whereEn}}) is on branch {{branch}}, out of upstream support since {{eol}}, but this is a {{distro}} {{release}} build ({{distroHowEn}}), patched by the distribution until {{until}} (data of {{dataDate}}). The unit should confirm the package is up to date.',
    },
    behindLatest: {
      vi: '{{name}} {{version}} ({{whereVi}}) cũ hơn bản mới nhất đã biết của nhánh {{branch}} là {{latest}} (dữ liệu ngày {{dataDate}}). {{verifyVi}}',
      en: '{{name}} {{version}} ({{whereEn}}) is older than branch {{branch}}\'s latest known release {{latest}} (data of {{dataDate}}). {{verifyEn}}',
    },
  },
  run: judge,
});

const LOWER: Record<Severity, Severity> = { critical: 'high', high: 'medium', medium: 'low', low: 'low', info: 'info' };
const RANK: Record<string, number> = { critical: 4, high: 3, medium: 2, low: 1 };

function judge(observation: PortsObservation | HttpFacts | SshObservation, context: CheckContext): CheckResult<M> | CheckResult<M>[] {
  const table = eolTableFrom(context.options);
  const out: CheckResult<M>[] = [];
  let judged = 0;
  const host = context.hostSoftware ?? hostSoftwareOf(context.hostObservations ?? [{ family: context.family, observation }]);
  const hostDistro = host.distro;
  // Remote evidence of the Terrapin fix: the SSH server offers strict key exchange.
  const strictKex = host.sshStrictKex;
  for (const claim of softwareClaims(observation, context.family)) {
    for (const s of claim.software) {
      if (!s.version) continue;
      const assessed = assessVersion(table, s.product, s.version, context.now);
      // Advisories the distribution build (or the server's own behaviour) shows fixed.
      const fixedBy = assessed.advisories
        .map((x) => {
          const fix = distroFixFor(table, s.product, x.id, s.distro);
          if (fix) return { id: x.id, by: `${s.distro} ≥ ${fix.fixedBuild}`, source: fix.source };
          if (x.id === 'CVE-2023-48795' && s.product === 'openssh' && strictKex) return { id: x.id, by: 'server offers kex-strict-s-v00@openssh.com', source: 'ssh observation (strict key exchange)' };
          return undefined;
        })
        .filter((f) => f !== undefined);
      const a = { ...assessed, advisories: assessed.advisories.filter((x) => !fixedBy.some((f) => f.id === x.id)) };
      // The distribution that builds it: its own marker, else what the same host's other banners say.
      const distro = distroFromMarker(s.distro, claim.text.slice(0, 120)) ?? hostDistro;
      const support = distroSupportAt(table, distro, context.now);
      // Judged when the data knows the product: a branch row, or advisories (OpenSSH has no branch EOL).
      if (a.status === 'unknown' && !table.advisories.some((x) => x.product === s.product)) continue;
      judged++;
      if ((a.status === 'current' || a.status === 'unknown') && !a.advisories.length) continue;
      const whereVi = 'port' in claim.where ? `cổng ${claim.where.port}` : `tiêu đề ${claim.where.header}`;
      const whereEn = 'port' in claim.where ? `port ${claim.where.port}` : `${claim.where.header} header`;
      const worstAdvisory = [...a.advisories].sort((x, y) => RANK[y.severity] - RANK[x.severity])[0];
      let messageId: M;
      let severity: Severity;
      if (a.status === 'eol' && support?.supported && !a.advisories.length) {
        // Upstream ended the branch, but the distribution release that builds it still patches it.
        messageId = 'distroSupported';
        severity = 'low';
      } else if (a.status === 'eol') {
        messageId = 'eolBranch';
        severity = worstAdvisory?.severity === 'critical' ? 'critical' : 'high';
      } else if (worstAdvisory) {
        messageId = 'knownVulnerable';
        severity = worstAdvisory.severity;
      } else {
        messageId = 'behindLatest';
        severity = 'low';
      }
      // Distribution builds backport fixes under the upstream version: lower one step and ask to verify.
      // A release the distribution no longer patches backports nothing: then the upstream verdict stands.
      const backports = !!distro && support?.supported !== false;
      const confidence = backports ? 'needs-verification' : s.product === 'iis' ? 'confirmed' : 'likely';
      if (backports && messageId !== 'distroSupported') severity = LOWER[severity];
      const label = distro ? `${distro.name[0].toUpperCase()}${distro.name.slice(1)}${distro.release ? ` ${distro.release}` : ''}` : '';
      const marker = s.distro ?? (distro ? `${label}, ${distro.evidence}` : '');
      const verify =
        support && !support.supported
          ? {
              verifyVi: `${label} đã hết hỗ trợ bảo mật (kể cả LTS) từ ${support.until}: không còn bản vá ngược nào cho gói này.`,
              verifyEn: `${label} itself is out of security support (LTS included) since ${support.until}: no fixes are backported any more.`,
            }
          : backports
            ? {
                verifyVi: `Bản dựng của bản phân phối (${marker}) có thể đã được vá ngược (backport): đề nghị đơn vị xác minh gói đang cài với thông báo bảo mật của bản phân phối trước khi kết luận.`,
                verifyEn: `This is a distribution build (${marker}) that may carry backported fixes: the unit should verify the installed package against the distribution's security tracker before concluding.`,
              }
            : {
                verifyVi: confidence === 'confirmed' ? 'Phiên bản này gắn cố định với hệ điều hành.' : 'Dựa trên phiên bản dịch vụ tự khai; nên kiểm tra lại trên máy chủ.',
                verifyEn: confidence === 'confirmed' ? 'This version is tied to the operating system release.' : 'Based on the version the service announces; confirm on the server.',
              };
      out.push({
        outcome: 'fail',
        messageId,
        severity,
        confidence,
        discriminator: `${claim.key}/${s.product}`,
        data: {
          name: productName(s.product),
          version: s.version,
          whereVi,
          whereEn,
          branch: a.row?.branch ?? '',
          eol: a.row && a.row.eol !== false ? a.row.eol : '',
          latest: a.row?.latest ?? '',
          advisories: a.advisories.map((x) => `${x.id}${x.name ? ` (${x.name})` : ''}`).join(', '),
          fixed: a.advisories.map((x) => x.fixed).join(', '),
          dataDate: table.dataDate,
          distro: distro ? distro.name[0].toUpperCase() + distro.name.slice(1) : '',
          release: distro?.release ?? '',
          until: support?.until ?? '',
          distroHowVi: s.distro ? `dấu hiệu bản dựng ${s.distro}` : `suy ra từ ${distro?.evidence ?? ''} trên cùng máy, độ tin cậy thấp hơn`,
          distroHowEn: s.distro ? `build marker ${s.distro}` : `inferred from ${distro?.evidence ?? ''} on the same host, lower confidence`,
          ...verify,
        },
        evidence: {
          ...claim.where,
          text: claim.text,
          product: s.product,
          version: s.version,
          ...(s.distro ? { distro: s.distro } : {}),
          ...(!s.distro && distro ? { distroInferred: { name: distro.name, release: distro.release ?? null, from: distro.evidence, why: 'same host, another banner: lower confidence' } } : {}),
          ...(support ? { distroSupport: { release: `${support.row.distro} ${support.row.release}`, securityEnd: support.row.securityEnd, ltsEnd: support.row.ltsEnd ?? null, source: support.row.source } } : {}),
          ...(fixedBy.length ? { fixedByDistribution: fixedBy } : {}),
          ...(a.row ? { branch: a.row.branch, eol: a.row.eol, latest: a.row.latest ?? null, source: a.row.source } : {}),
          advisories: a.advisories.map((x) => ({ id: x.id, fixed: x.fixed, severity: x.severity, source: x.source })),
          confidenceReason: support && !support.supported ? `${label} is out of support: nothing is backported` : s.distro ? 'distribution build marker: fixes may be backported' : distro ? 'distribution inferred from another banner of the same host' : confidence === 'confirmed' ? 'version tied to the OS release' : 'self-reported banner version',
          eolData: eolDataCitation(table),
        },
      });
    }
  }
  if (out.length) return out;
  if (!judged) return { outcome: 'not_applicable', reason: 'no product with a version and end-of-life data was seen' };
  return { outcome: 'pass', evidence: { eolData: eolDataCitation(table) } };
}

/** Which EOL data judged: its date and source, and the file's SHA-256 and origin (bundled, installed by `attt data update`, or --eol-data). */
function eolDataCitation(table: EolTable): Record<string, string> {
  return { date: table.dataDate, source: table.source, ...(table.sha256 ? { sha256: table.sha256 } : {}), ...(table.origin ? { origin: table.origin } : {}) };
}
