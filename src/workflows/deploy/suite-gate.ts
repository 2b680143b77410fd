import type { PromptingServices } from '../prompting/prompting-services';
import { runSuite } from '../prompting/suite-runner';
import type { SuiteGate } from './deploy-params';

/**
 * The deploy gate: runs a prompt suite on the Azure OpenAI deployment about to be served
 * (target `azure`, else the default), records every prediction in the inference log, logs
 * the suite run to MLflow when a tracker is present, and passes only when every case passes
 * (a model-graded case the grader gave no verdict on is not a pass).
 */
export function promptSuiteGate(prompting: () => PromptingServices | undefined): SuiteGate {
  return async (name, op) => {
    const p = prompting();
    if (!p) return { passed: false, summary: 'prompting is not available' };
    const loaded = p.suites.load(name);
    if (!loaded.ok) return { passed: false, summary: loaded.problem };
    const target = p.llm.findTarget('azure') ?? p.llm.defaultTarget;
    if (!target) return { passed: false, summary: 'no model target is configured' };
    const report = await runSuite(
      loaded.suite,
      [target],
      async (t, messages, settings, prompt) => {
        const result = await p.llm.complete(t, messages, settings);
        await p.inferenceLog.record({
          source: 'test',
          target: t,
          prompt,
          result,
          userId: op.requesterId,
          conversationId: op.conversationId,
          runId: op.id,
        });
        return result;
      },
      p.suiteGrading?.grading,
    );
    await p.tracker?.logSuite(report, {
      conversationId: op.conversationId,
      requester: op.requesterName ?? op.requesterId,
      reason: `deploy gate ${op.id}`,
    });
    const passed = report.cases.filter((c) => c.pass).length;
    const firstFailure = report.cases.find((c) => !c.pass);
    return {
      passed: firstFailure === undefined,
      summary: `${passed}/${report.cases.length} passed${firstFailure ? `; ${firstFailure.caseId}: ${[...firstFailure.reasons, ...firstFailure.ungraded].join('; ').slice(0, 200)}` : ''}`,
    };
  };
}
