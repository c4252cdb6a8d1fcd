import { describe, expect, test } from 'bun:test';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { defineTool, type Tool, toolFilePath } from '../../src/tools/define-tool.ts';
import { ToolDefinitionError } from '../../src/tools/errors.ts';
import { createToolExecutor } from '../../src/tools/executor.ts';
import { createToolRegistry, TOOLS, toolRegistry } from '../../src/tools/registry.ts';

const TOOLS_DIR = resolve(import.meta.dir, '../../src/tools');
const CATEGORIES = ['communication', 'moderation', 'information'] as const;

/** Names and arguments users and external tests rely on: [required, optional]. */
const CONTRACT: Record<string, [string[], string[]]> = {
  send_message: [['content'], ['channel_id']],
  reply_to_message: [['message_id', 'content'], []],
  add_reaction: [['message_id', 'emoji'], []],
  ban_member: [['user_id', 'reason', 'requested_by_message_id'], ['delete_message_seconds']],
  kick_member: [['user_id', 'reason', 'requested_by_message_id'], []],
  timeout_member: [['user_id', 'duration_seconds', 'reason', 'requested_by_message_id'], []],
  add_role: [['user_id', 'role_id', 'reason', 'requested_by_message_id'], []],
  remove_role: [['user_id', 'role_id', 'reason', 'requested_by_message_id'], []],
  fetch_messages: [['limit'], ['channel_id', 'before', 'after', 'around']],
  get_member_info: [['user_id'], []],
  get_server_stats: [[], []],
  get_channel_info: [[], ['channel_id']],
  list_threads: [[], []],
};

function fakeTool(file: string, name: string, input: z.ZodObject = z.object({})): Tool {
  return defineTool({
    file,
    name,
    category: 'information',
    description: 'A tool used only to test the registry rules.',
    input,
    permission: { kind: 'none' },
    run: async () => ({}),
  });
}

function registryError(tools: unknown[]): ToolDefinitionError {
  try {
    createToolRegistry(tools);
  } catch (error) {
    if (error instanceof ToolDefinitionError) return error;
    throw error;
  }
  throw new Error('expected the registry to refuse these tools');
}

describe('tool registry', () => {
  test('GIVEN the tool folders THEN every tool file exports a tool that is registered', async () => {
    const registered = new Set(toolRegistry.tools.map((tool) => toolFilePath(tool.file)));
    const files = CATEGORIES.flatMap((category) =>
      readdirSync(join(TOOLS_DIR, category))
        .filter((name) => name.endsWith('.ts'))
        .map((name) => join(TOOLS_DIR, category, name)),
    );
    expect(files.length).toBeGreaterThanOrEqual(11);
    const problems: string[] = [];
    for (const file of files) {
      const module = (await import(pathToFileURL(file).href)) as { default?: unknown };
      const tool = module.default as Partial<Tool> | undefined;
      if (tool?.name === undefined) problems.push(`${file}: has no default export made with defineTool`);
      else if (!registered.has(file))
        problems.push(`${file}: tool "${tool.name}" is not listed in src/tools/registry.ts`);
    }
    expect(problems).toEqual([]);
    expect(registered.size).toBe(files.length);
  });

  test('GIVEN the registry THEN it offers exactly the documented tools with their exact arguments', () => {
    const offered = Object.fromEntries(
      toolRegistry.definitions().map((definition) => {
        const parameters = definition.parameters as { properties: object; required?: string[] };
        const required = [...(parameters.required ?? [])].sort();
        const optional = Object.keys(parameters.properties)
          .filter((key) => !required.includes(key))
          .sort();
        return [definition.name, [required, optional]];
      }),
    );
    const expected = Object.fromEntries(
      Object.entries(CONTRACT).map(([name, [required, optional]]) => [
        name,
        [[...required].sort(), [...optional].sort()],
      ]),
    );
    expect(offered).toEqual(expected);
  });

  test('GIVEN a tool THEN the schema the model sees is generated from its zod input', () => {
    for (const tool of TOOLS) {
      const { $schema: _ignored, ...generated } = z.toJSONSchema(tool.input);
      expect(tool.parameters).toEqual(generated);
      expect(tool.description.length).toBeGreaterThan(60);
    }
  });

  test('GIVEN the executor THEN its definitions are copies the caller may change', () => {
    const executor = createToolExecutor({
      actions: { botUserId: '1' } as never,
      audit: { record() {} },
      policyFor: () => {
        throw new Error('unused');
      },
    });
    const first = executor.definitions();
    first.length = 0;
    expect(executor.definitions()).toHaveLength(Object.keys(CONTRACT).length);
  });

  test('GIVEN two tools with the same name THEN the error names both files', () => {
    const error = registryError([
      fakeTool('/x/src/tools/information/look-up.ts', 'look_up'),
      fakeTool('/y/src/tools/information/look-up.ts', 'look_up'),
    ]);
    expect(error.message).toContain('/y/src/tools/information/look-up.ts');
    expect(error.message).toContain('already registered by /x/src/tools/information/look-up.ts');
  });

  test('GIVEN a tool whose name does not match its file THEN the error names the file', () => {
    const error = registryError([fakeTool('file:///x/information/lookup-thing.ts', 'look_up')]);
    expect(error.file).toBe('/x/information/lookup-thing.ts');
    expect(error.message).toContain('must be named look-up.ts');
  });

  test('GIVEN a tool outside the folder of its category THEN the error names the file', () => {
    const error = registryError([fakeTool('/x/moderation/look-up.ts', 'look_up')]);
    expect(error.message).toContain('/x/moderation/look-up.ts');
    expect(error.message).toContain('src/tools/information/');
  });

  test('GIVEN an entry that is not a tool (a file without a default export) THEN the error says so', () => {
    const error = registryError([TOOLS[0], undefined]);
    expect(error.message).toContain('entry #2 is not a tool made with defineTool');
  });

  test('GIVEN an id argument the authoriser does not check THEN the tool is refused', () => {
    const error = registryError([
      fakeTool('/x/information/look-up.ts', 'look_up', z.object({ guild_id: z.string() })),
    ]);
    expect(error.message).toContain('argument "guild_id" is an id the authoriser does not check');
  });

  test('GIVEN a moderation tool without requested_by_message_id THEN the tool is refused', () => {
    const tool = defineTool({
      file: '/x/moderation/warn-member.ts',
      name: 'warn_member',
      category: 'moderation',
      description: 'A moderation tool used only to test the registry rules.',
      input: z.object({ user_id: z.string(), reason: z.string() }),
      permission: {
        kind: 'moderation',
        discordPermission: 'ModerateMembers',
        policyKey: 'timeout_member',
        autonomousLimit: () => null,
      },
      run: async () => ({}),
    });
    expect(registryError([tool]).message).toContain('lacks requested_by_message_id');
  });

  test('GIVEN a malformed definition THEN defineTool refuses it naming the file', () => {
    expect(() => fakeTool('/x/information/Look-Up.ts', 'LookUp')).toThrow(ToolDefinitionError);
    expect(() =>
      defineTool({
        file: '/x/moderation/nudge.ts',
        name: 'nudge',
        category: 'moderation',
        description: 'Claims to moderate but declares no moderation rule.',
        input: z.object({}),
        permission: { kind: 'none' },
        run: async () => ({}),
      } as never),
    ).toThrow('nudge.ts: tool "nudge": moderation tools, and only they, need a moderation permission');
  });
});
