/** fangkong arrival edit — correct registration fields of one arrival, audited (before and after). */
import { Command } from 'commander';
import { CONTACT_TYPES, normaliseContact, normaliseTransport, TRANSPORTS, validateField } from '../../domain/arrival.js';
import { DOC_TYPES } from '../../domain/document.js';
import { isInbound } from '../../domain/places.js';
import { UsageError } from '../../domain/errors.js';
import { fieldLabel, reason, valueLabel } from '../../domain/i18n.js';
import type { View } from '../../io/output.js';
import type { EditResult, Editable } from '../../services/corrections.js';
import { choiceOption, confirm, examples, verb } from '../command.js';
import { documentOptions, fieldsOf, type RegistrationFlags } from './fields.js';
import { unresolvedOriginLine } from './columns.js';
import { placeColumns } from '../../domain/places.js';
import type { Cli, Ctx } from '../context.js';

export interface Options extends RegistrationFlags {
  /** Arrival number or ID number. */
  who: string;
  dryRun?: boolean;
  /** When the arrival date or contact type changes: run the policy choice again (dry run shown, then asked, or --yes). */
  reassign?: boolean;
  yes?: boolean;
}

export function parse([who]: string[], flags: Record<string, unknown>): Options {
  return { ...(flags as Omit<Options, 'who'>), who };
}

export function command(cli: Cli): Command {
  const { t } = cli;
  return new Command('edit')
    .description(t('更正一条报备的登记项（任何一项，身份证号重新校验）；审计日志记下更正前后', 'correct registration fields of an arrival (any field; the ID number is checked again); the audit log keeps before and after'))
    .argument('<who>', t('报备编号或身份证号', 'arrival number or ID number'))
    .option('--name <name>', t('姓名', 'full name'))
    .option('--id-number <id>', t('证件号码', 'document number'))
    .addOption(documentOptions(cli)[0])
    .addOption(documentOptions(cli)[1])
    .option('--phone <phone>', t('电话（手机、带区号的座机或带国家代码的境外号码）', 'phone (a mobile, a landline with its area code, or a number abroad with its country code)'))
    .option('--origin <place>', t('来源地', 'where they came from'))
    .option('--arrival-date <date>', t('抵达日期', 'arrival date'))
    .option('--arrival-time <HH:MM>', t('抵达时刻（空字符串清除）', 'arrival time ("" clears it)'))
    .addOption(choiceOption(cli, '--transport <kind>', t('交通方式', 'how they travelled'), 'transport', TRANSPORTS, normaliseTransport))
    .option('--destination <address>', t('目的地', 'address where they will stay'))
    .addOption(choiceOption(cli, '--contact <type>', t('接触类型', 'contact type'), 'contact_type', CONTACT_TYPES, normaliseContact))
    .option('--exposure-date <date>', t('末次暴露日期（空字符串清除）', 'date of last exposure ("" clears it)'))
    .option('--entry-date <date>', t('入境日期（空字符串清除）', 'entry date ("" clears it)'))
    .option('--left-date <date>', t('离开风险区日期（空字符串清除）', 'the day they left the risk area ("" clears it)'))
    .option('--vehicle <number>', t('车次、航班号或车牌（空字符串清除）', 'train or flight number, or plate ("" clears it)'))
    .option('--township <name>', t('所属乡镇（空字符串清除）', 'township ("" clears it)'))
    .option('--note <text>', t('备注（空字符串清除）', 'note ("" clears it)'))
    .option('--dry-run', t('只显示将更正的内容，不写入', 'show what would change, write nothing'))
    .option('--reassign', t('抵达日期、接触类型、暴露日期或来源地改变时，按更正后的登记重新选择管控措施（先显示试运行结果）', 'when the arrival date, contact type, exposure date or origin changes, choose the measure again from the corrected record (its dry run shown first)'))
    .option('-y, --yes', t('不再询问，直接执行（脚本中 --reassign 必需）', 'do it without asking (needed with --reassign in a script)'))
    .addHelpText(
      'after',
      examples(
        cli,
        'fangkong arrival edit 12 --phone 13900139000 --destination 城关镇幸福路10号',
        'fangkong arrival edit 11010519491231002X --township 城关镇 --dry-run',
        'fangkong arrival edit 12 --contact close --exposure-date 2022-11-18 --reassign --yes',
        'fangkong arrival edit 12',
      ),
    )
    .action(verb(cli, { parse, run, view }));
}

/** Each field asked for, in the order of the form; the current value is the default (Enter keeps it). */
const PROMPTED: Editable[] = ['name', 'doc_type', 'id_number', 'doc_country', 'phone', 'origin', 'arrival_date', 'arrival_time', 'transport', 'vehicle', 'destination', 'township', 'contact_type', 'exposure_date', 'entry_date', 'left_date', 'note'];

/**
 * On a terminal with no field given: every field asked for, pre-filled with its current value
 * (the ID and phone numbers masked unless --reveal: Enter keeps them); the fields answered
 * differently are the correction.
 */
async function promptFields(opts: Options, ctx: Ctx): Promise<Partial<Record<Editable, string>>> {
  const [{ resolveArrival }, { maskDeep }] = await Promise.all([import('../../services/registration.js'), import('../../io/mask.js')]);
  const row = resolveArrival(await ctx.openStore(), opts.who, ctx);
  const current = Object.fromEntries(PROMPTED.map((f) => [f, (row as unknown as Record<string, unknown>)[f] == null ? '' : String((row as unknown as Record<string, unknown>)[f])])) as Record<Editable, string>;
  const shown = ctx.reveal ? current : maskDeep(current);
  const p = ctx.deps.prompter;
  const answers: Record<string, string> = { ...current };
  const keep = (f: Editable, v: string) => (v === shown[f] ? current[f] : v.trim());
  for (const f of PROMPTED) {
    if (f === 'doc_country' && answers.doc_type !== 'passport') continue;
    if (f === 'exposure_date' && answers.contact_type === 'none' && current.exposure_date === '') continue;
    // the entry date (入境日期) only for someone from abroad, or when one is there to correct
    if (f === 'entry_date' && current.entry_date === '' && !isInbound(answers.origin ?? '')) continue;
    // the day left the risk area (离开风险区日期) only when one is there to correct: --left-date sets it
    if (f === 'left_date' && current.left_date === '') continue;
    const message = fieldLabel(f, ctx.lang);
    if (f === 'transport' || f === 'contact_type' || f === 'doc_type') {
      const values: readonly string[] = f === 'transport' ? TRANSPORTS : f === 'contact_type' ? CONTACT_TYPES : DOC_TYPES;
      answers[f] = await p.select({ message, choices: values.map((v) => ({ name: valueLabel(f, v, ctx.lang), value: v })), default: current[f] });
      continue;
    }
    const v = await p.input({
      message,
      default: shown[f] || undefined,
      validate: (x) => {
        const value = keep(f, x);
        if (value === current[f]) return true;
        const problem = validateField(f, value, ctx.today, answers);
        return problem ? reason(problem.code, problem.params, ctx.lang) : true;
      },
    });
    answers[f] = keep(f, v);
  }
  return Object.fromEntries(PROMPTED.filter((f) => (answers[f] ?? '') !== current[f]).map((f) => [f, answers[f] ?? ''])) as Partial<Record<Editable, string>>;
}

export async function run(opts: Options, ctx: Ctx): Promise<EditResult> {
  let fields = fieldsOf(opts) as Partial<Record<Editable, string>>;
  // --reassign alone: the policy choice run again on the record as it stands
  if (Object.keys(fields).length === 0 && !opts.reassign) {
    if (!ctx.canPrompt) throw new UsageError(ctx.t('请给出要更正的项，如 --phone 13900139000', 'give the fields to correct, e.g. --phone 13900139000'));
    fields = await promptFields(opts, ctx);
    if (Object.keys(fields).length === 0) {
      const { resolveArrival } = await import('../../services/registration.js');
      const arrival = resolveArrival(await ctx.openStore(), opts.who, ctx);
      return { arrival, fields: [], before: {}, after: {}, dry_run: !!opts.dryRun, reassign: null };
    }
  }
  const { editArrival } = await import('../../services/corrections.js');
  const store = await ctx.openStore();
  if (!opts.reassign && !opts.dryRun && ctx.canPrompt && !opts.yes) {
    // a correction that makes the current measure wrong: on a terminal, asked whether to reassign now (issue 24)
    const plan = editArrival(store, opts.who, fields, ctx, { dryRun: true });
    const m = plan.mismatch;
    if (m) {
      const answer = await ctx.deps.prompter.select({
        message:
          m.action === 'end'
            ? ctx.t(`措施 ${m.measure_id}（${m.old_policy}）与更正后的登记不再相符，按规则已不需要措施：现在结束吗？`, `measure ${m.measure_id} (${m.old_policy}) no longer matches the corrected record, the rules now give none: end it now?`)
            : ctx.t(
                `措施 ${m.measure_id}（${m.old_policy}）与更正后的登记不再相符，按规则应为 ${m.new_policy}（${m.new_start_date} 起，${m.new_release_date} 解除）：现在重新分配吗？`,
                `measure ${m.measure_id} (${m.old_policy}) no longer matches the corrected record, the rules now give ${m.new_policy} (from ${m.new_start_date}, released ${m.new_release_date}): reassign now?`,
              ),
        choices: [
          { name: ctx.t('否，只更正登记', 'no, only correct the record'), value: 'no' },
          { name: ctx.t('是，重新分配', 'yes, reassign'), value: 'yes' },
        ],
        default: 'no',
      });
      if (answer === 'yes') return editArrival(store, opts.who, fields, ctx, { reassign: true });
    }
  }
  if (opts.reassign && !opts.dryRun) {
    // the dry run of the new policy choice first; then asked (or --yes), then the correction and it in one transaction
    const plan = editArrival(store, opts.who, fields, ctx, { dryRun: true, reassign: true });
    if (plan.reassign && (plan.reassign.action === 'replace' || plan.reassign.action === 'end')) {
      // on a terminal the dry run is shown before the question; a script gives --yes (and sees
      // the dry run with --dry-run): its output stays one document
      if (ctx.canPrompt && !opts.yes) await ctx.print(plan, (shown) => view(shown, ctx));
      const m = plan.reassign;
      await confirm(
        ctx,
        opts.yes,
        m.action === 'end'
          ? ctx.t(`更正报备 ${plan.arrival.id} 并结束措施 ${m.measure_id}（${m.old_policy}）`, `correct arrival ${plan.arrival.id} and end measure ${m.measure_id} (${m.old_policy})`)
          : ctx.t(`更正报备 ${plan.arrival.id}，措施 ${m.measure_id}（${m.old_policy}）改为 ${m.new_policy}`, `correct arrival ${plan.arrival.id} and replace measure ${m.measure_id} (${m.old_policy}) by ${m.new_policy}`),
      );
    }
  }
  return editArrival(store, opts.who, fields, ctx, { dryRun: opts.dryRun, reassign: opts.reassign });
}

/** A measure that no longer matches the corrected record: which, what the rules now give, and how to reassign. */
function mismatchLine(m: NonNullable<EditResult['mismatch']>, arrivalId: number, ctx: Ctx): string {
  const { t } = ctx;
  const how = `fangkong arrival edit ${arrivalId} --reassign`;
  return m.action === 'end'
    ? t(
        `注意：措施 ${m.measure_id}（${m.old_policy}，${m.old_start_date} 起，${m.old_release_date} 解除）与更正后的登记不再相符：规则（${m.chosen_by}）已不要求措施；如需按更正结束措施：${how}`,
        `note: measure ${m.measure_id} (${m.old_policy}, from ${m.old_start_date}, released ${m.old_release_date}) no longer matches the corrected record: the rules (${m.chosen_by}) now give no measure; to end it accordingly: ${how}`,
      )
    : t(
        `注意：措施 ${m.measure_id}（${m.old_policy}，${m.old_start_date} 起，${m.old_release_date} 解除）与更正后的登记不再相符：按规则应为 ${m.new_policy}（${m.new_start_date} 起，${m.new_release_date} 解除；${m.chosen_by}）；重新分配：${how}`,
        `note: measure ${m.measure_id} (${m.old_policy}, from ${m.old_start_date}, released ${m.old_release_date}) no longer matches the corrected record: the rules now give ${m.new_policy} (from ${m.new_start_date}, released ${m.new_release_date}; ${m.chosen_by}); to reassign: ${how}`,
      );
}

/** The line that says what the policy choice, run again, does (or would do). */
function reassignLine(r: EditResult, ctx: Ctx): string | null {
  const m = r.reassign;
  if (!m) return null;
  const { t } = ctx;
  const dry = r.dry_run ? t('（试运行）', ' (dry run)') : '';
  switch (m.action) {
    case 'no_measure':
      return t(`重新选择措施：报备 ${m.arrival_id} 没有在管措施，无需重选（需要时用 quarantine assign）`, `measure choice: arrival ${m.arrival_id} has no current measure, nothing to re-run (quarantine assign when needed)`);
    case 'unchanged':
      return t(`重新选择措施：仍为 ${m.old_policy}（${m.old_start_date} 至 ${m.old_release_date} 解除），不变`, `measure choice: still ${m.old_policy} (${m.old_start_date}, released ${m.old_release_date}), unchanged`);
    case 'end':
      return t(`重新选择措施${dry}：规则（${m.chosen_by}）不再要求措施，措施 ${m.measure_id}（${m.old_policy}）于 ${ctx.today} 结束`, `measure choice${dry}: the rules (${m.chosen_by}) now give no measure; measure ${m.measure_id} (${m.old_policy}) ends on ${ctx.today}`);
    case 'replace':
      return t(
        `重新选择措施${dry}：措施 ${m.measure_id} ${m.old_policy}（${m.old_start_date} 起，${m.old_release_date} 解除）→ ${m.new_policy}（${m.new_start_date} 起，${m.new_release_date} 解除；${m.chosen_by}）${m.new_measure_id ? `，新措施 ${m.new_measure_id}` : ''}`,
        `measure choice${dry}: measure ${m.measure_id} ${m.old_policy} (from ${m.old_start_date}, released ${m.old_release_date}) → ${m.new_policy} (from ${m.new_start_date}, released ${m.new_release_date}; ${m.chosen_by})${m.new_measure_id ? `, new measure ${m.new_measure_id}` : ''}`,
      );
  }
}

/** A corrected origin that names no place: said in one line, as add and import say it. */
function originLine(r: EditResult, ctx: Ctx): string | null {
  const origin = r.fields.includes('origin') ? r.after.origin : null;
  if (!origin) return null;
  const p = placeColumns(origin);
  return unresolvedOriginLine({ origin, origin_code: p.code, origin_name: p.name }, ctx.t);
}

export function view(r: EditResult, ctx: Ctx): View {
  const { t } = ctx;
  const a = r.arrival;
  // --reassign alone: no correction, only the choice run again
  if (r.fields.length === 0 && r.reassign) return { kind: 'done', data: r, text: reassignLine(r, ctx)! };
  const head =
    r.fields.length === 0
      ? t(`报备 ${a.id}（${a.name}）没有变化`, `arrival ${a.id} (${a.name}): nothing to change`)
      : r.dry_run
        ? t(`试运行：报备 ${a.id}（${a.name}）将更正 ${r.fields.length} 项，未写入`, `dry run: arrival ${a.id} (${a.name}) would change in ${r.fields.length} field(s); nothing was written`)
        : t(`已更正：报备 ${a.id}（${a.name}）${r.fields.length} 项`, `corrected arrival ${a.id} (${a.name}): ${r.fields.length} field(s)`);
  return {
    kind: 'list',
    rows: r.fields.map((f) => ({ field: fieldLabel(f, ctx.lang), before: r.before[f] ?? '', after: r.after[f] ?? '' })),
    columns: [
      { key: 'field', heading: t('项', 'field') },
      { key: 'before', heading: t('更正前', 'before') },
      { key: 'after', heading: t('更正后', 'after') },
    ],
    before: [head],
    after: [reassignLine(r, ctx), originLine(r, ctx), r.mismatch ? mismatchLine(r.mismatch, a.id, ctx) : null].filter((x): x is string => x !== null),
  };
}
