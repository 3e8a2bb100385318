import type { ObjectSchema, RuleModel } from '../../generator/model.js';
import { BOTH, judge, type Change, type Effect } from './change.js';
import { say, type Place } from './place.js';

/** The members that must all be present for the rule to fire (what the generated checks test first). */
export function triggers(rule: RuleModel): string[] {
  switch (rule.rule) {
    case 'notGreaterThan':
      return [rule.parameter, rule.than];
    case 'effectiveOnlyWhen':
      return [rule.parameter];
    case 'ignoredWhenPresent':
      return [rule.parameter, rule.present];
  }
}

/** What identifies a rule across versions; its severity and code are what can change about it. */
export function ruleKey(rule: RuleModel): string {
  switch (rule.rule) {
    case 'notGreaterThan':
      return JSON.stringify([rule.rule, rule.parameter, rule.than]);
    case 'effectiveOnlyWhen':
      return JSON.stringify([rule.rule, rule.parameter, rule.when.parameter, rule.when.equals]);
    case 'ignoredWhenPresent':
      return JSON.stringify([rule.rule, rule.parameter, rule.present]);
  }
}

export function describeRule(rule: RuleModel): string {
  const severity = rule.severity === 'error' ? `error ${String(rule.code)}` : 'warning';
  switch (rule.rule) {
    case 'notGreaterThan':
      return `${rule.parameter} must not exceed ${rule.than} (${severity})`;
    case 'effectiveOnlyWhen':
      return `${rule.parameter} takes effect only when ${rule.when.parameter} is ${String(rule.when.equals)} (${severity})`;
    case 'ignoredWhenPresent':
      return `${rule.parameter} is ignored when ${rule.present} is present (${severity})`;
  }
}

/**
 * A new error rule refuses requests that were valid; a removed one lets through requests an old
 * provider refuses; warnings refuse nothing. A rule fires only when all its members are present, so
 * one that involves a member that is new (or gone) cannot touch any request an old client sends:
 * it comes (or goes) with that member and is told in that member's change, not as one of its own.
 */
export function diffRules({ before, after, place }: { before: ObjectSchema; after: ObjectSchema; place: Place }): Change[] {
  const changes: Change[] = [];
  const has = ({ object, name }: { object: ObjectSchema; name: string }) => object.properties.some((p) => p.name === name);
  const where = place.path === '' ? '' : ` in ${place.path}`;
  const severityEffect = ({ rule, when }: { rule: RuleModel; when: 'added' | 'removed' }): Effect => {
    if (rule.severity === 'warning') return 'neither';
    return when === 'added' ? 'narrows' : 'widens';
  };
  for (const rule of after.rules) {
    const old = before.rules.find((r) => ruleKey(r) === ruleKey(rule));
    if (old === undefined) {
      if (!triggers(rule).every((name) => has({ object: before, name }))) continue;
      changes.push({ pointer: rule.pointer, kind: 'rule-added', message: say({ place, text: `rule added${where}: ${describeRule(rule)}` }), ...judge({ effect: severityEffect({ rule, when: 'added' }), direction: place.direction }) });
      continue;
    }
    if (old.severity !== rule.severity) {
      const effect = rule.severity === 'error' ? 'narrows' : 'widens';
      changes.push({ pointer: rule.pointer, kind: 'rule-severity-changed', message: say({ place, text: `rule${where} is now ${rule.severity === 'error' ? 'an error' : 'a warning'}: ${describeRule(rule)}` }), ...judge({ effect, direction: place.direction }) });
    } else if (old.code !== rule.code) {
      changes.push({ pointer: rule.pointer, kind: 'rule-code-changed', message: say({ place, text: `rule${where} answered ${String(old.code)}, now: ${describeRule(rule)}` }), ...BOTH });
    }
  }
  for (const rule of before.rules) {
    if (after.rules.some((r) => ruleKey(r) === ruleKey(rule))) continue;
    if (!triggers(rule).every((name) => has({ object: after, name }))) continue;
    changes.push({ pointer: rule.pointer, kind: 'rule-removed', message: say({ place, text: `rule removed${where}: ${describeRule(rule)}` }), ...judge({ effect: severityEffect({ rule, when: 'removed' }), direction: place.direction }) });
  }
  return changes;
}
