import type { Command } from 'commander';
import { inventoryJsonSchema } from '../../inventory/index.js';
import { loadInventory } from '../../inventory/index.js';
import { isHostTarget, isTlsTarget, isUrlTarget } from '../../inventory/index.js';
import type { CliContext } from '../context.js';

export function registerInventory(program: Command, ctx: CliContext): void {
  const inventory = program.command('inventory').description(ctx.t({ vi: 'kiểm tra và mô tả tệp inventory', en: 'validate and describe inventory files' }));
  inventory
    .command('validate')
    .argument('<file>', 'inventory.yaml')
    .description(ctx.t({ vi: 'kiểm tra inventory; lỗi ghi rõ tệp:dòng:cột, đường dẫn và giá trị mong đợi', en: 'validate an inventory; errors give file:line:column, the path and what is expected' }))
    .action((file: string) => {
      const inv = loadInventory(file);
      const systems = inv.units.flatMap((u) => u.systems);
      const targets = systems.flatMap((s) => s.targets);
      const counts = {
        units: inv.units.length,
        systems: systems.length,
        urls: targets.filter(isUrlTarget).length,
        hosts: targets.filter(isHostTarget).length,
        tls: targets.filter(isTlsTarget).length,
        questionnaires: systems.reduce((n, s) => n + s.questionnaires.length, 0),
      };
      if (ctx.json) {
        ctx.out(JSON.stringify({ valid: true, file, organization: inv.organization.name, scope: inv.scope.allow, ...counts }, null, 2));
        return;
      }
      ctx.out(
        ctx.t({
          vi: `✓ ${file} hợp lệ: ${inv.organization.name}\n  ${counts.units} đơn vị, ${counts.systems} hệ thống; mục tiêu: ${counts.urls} URL, ${counts.hosts} máy (quét cổng), ${counts.tls} điểm TLS; ${counts.questionnaires} bảng hỏi\n  Phạm vi được phép: ${inv.scope.allow.join(', ')}`,
          en: `✓ ${file} is valid: ${inv.organization.name}\n  ${counts.units} units, ${counts.systems} systems; targets: ${counts.urls} URLs, ${counts.hosts} hosts (port scan), ${counts.tls} TLS endpoints; ${counts.questionnaires} questionnaires\n  Allowed scope: ${inv.scope.allow.join(', ')}`,
        }),
      );
    });
  inventory
    .command('schema')
    .description(ctx.t({ vi: 'in JSON Schema của inventory (dùng cho trình soạn thảo)', en: 'print the inventory JSON Schema (for editors)' }))
    .action(() => {
      ctx.out(JSON.stringify(inventoryJsonSchema(), null, 2));
    });
}
