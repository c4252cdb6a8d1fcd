import { basename, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { ToolDefinition } from '../domain/chat-turn.ts';
import { deepFreeze } from '../domain/deep-freeze.ts';
import addReaction from './communication/add-reaction.ts';
import replyToMessage from './communication/reply-to-message.ts';
import sendMessage from './communication/send-message.ts';
import { type Tool, toolFileName, toolFilePath } from './define-tool.ts';
import { ToolDefinitionError } from './errors.ts';
import fetchMessages from './information/fetch-messages.ts';
import getChannelInfo from './information/get-channel-info.ts';
import getMemberInfo from './information/get-member-info.ts';
import getServerStats from './information/get-server-stats.ts';
import listThreads from './information/list-threads.ts';
import addRole from './moderation/add-role.ts';
import banMember from './moderation/ban-member.ts';
import kickMember from './moderation/kick-member.ts';
import removeRole from './moderation/remove-role.ts';
import timeoutMember from './moderation/timeout-member.ts';
import { RESOLVED_ID_FIELDS } from './rules/targets.ts';

/** Every tool Ery has. The only place tools are registered; test/tools/registry.test.ts checks none is missed. */
export const TOOLS: readonly Tool[] = [
  sendMessage,
  replyToMessage,
  addReaction,
  banMember,
  kickMember,
  timeoutMember,
  addRole,
  removeRole,
  fetchMessages,
  getMemberInfo,
  getServerStats,
  getChannelInfo,
  listThreads,
];

/** Fields every moderation tool needs for the authoriser to judge it. */
const MODERATION_FIELDS = ['user_id', 'reason', 'requested_by_message_id'] as const;

/** Tools by name, and their definitions for the model. */
export interface ToolRegistry {
  readonly tools: readonly Tool[];
  get(name: string): Tool | undefined;
  names(): string[];
  /**
   * The tool list for the chat completion request, from each tool's generated JSON schema: a new
   * array each time, of definitions built once and deeply frozen (shared by every thread, so none
   * may change them; a thread's request then costs no copy of the schemas).
   */
  definitions(): ToolDefinition[];
}

const TOOLS_DIR = dirname(fileURLToPath(import.meta.url));

/** A tool's file as shown in errors: relative to src/tools when it is there. */
function displayPath(file: string): string {
  const path = toolFilePath(file);
  const inside = relative(TOOLS_DIR, path);
  return inside.startsWith('..') ? path : inside;
}

function isTool(value: unknown): value is Tool {
  if (typeof value !== 'object' || value === null) return false;
  const tool = value as Partial<Tool>;
  return (
    typeof tool.name === 'string' &&
    typeof tool.file === 'string' &&
    typeof tool.run === 'function' &&
    tool.input instanceof z.ZodObject &&
    typeof tool.parameters === 'object'
  );
}

function checkTool(tool: Tool): void {
  const file = displayPath(tool.file);
  const path = toolFilePath(tool.file);
  if (basename(path) !== toolFileName(tool.name)) {
    throw new ToolDefinitionError(
      file,
      `defines tool "${tool.name}" but its file must be named ${toolFileName(tool.name)} (the tool name in kebab-case)`,
    );
  }
  if (basename(dirname(path)) !== tool.category) {
    throw new ToolDefinitionError(file, `a ${tool.category} tool must live in src/tools/${tool.category}/`);
  }
  const fields = Object.keys(tool.input.shape);
  for (const field of fields) {
    // An id the authoriser does not resolve would escape the same-guild check: refuse it.
    if (field.endsWith('_id') && !(RESOLVED_ID_FIELDS as readonly string[]).includes(field)) {
      throw new ToolDefinitionError(
        file,
        `argument "${field}" is an id the authoriser does not check; use one of ${RESOLVED_ID_FIELDS.join(', ')}`,
      );
    }
  }
  if (tool.permission.kind === 'moderation') {
    const missing = MODERATION_FIELDS.filter((field) => !fields.includes(field));
    if (missing.length > 0) {
      throw new ToolDefinitionError(file, `moderation tool "${tool.name}" lacks ${missing.join(', ')}`);
    }
  }
}

/**
 * Builds a registry from an explicit list. Anything wrong is a {@link ToolDefinitionError} that names
 * the file: an entry that is not a tool, a name that does not match its file or folder, a duplicate.
 */
export function createToolRegistry(tools: readonly unknown[]): ToolRegistry {
  const byName = new Map<string, Tool>();
  tools.forEach((entry, index) => {
    if (!isTool(entry)) {
      throw new ToolDefinitionError(
        'src/tools/registry.ts',
        `entry #${index + 1} is not a tool made with defineTool; does its file export the tool as default?`,
      );
    }
    checkTool(entry);
    const existing = byName.get(entry.name);
    if (existing) {
      throw new ToolDefinitionError(
        displayPath(entry.file),
        `tool name "${entry.name}" is already registered by ${displayPath(existing.file)}`,
      );
    }
    byName.set(entry.name, entry);
  });
  const list = [...byName.values()];
  // Copied once from the tools and frozen: the LLM layer may cache what it derives from them
  // (their JSON) by identity, and a caller changing one would change every later request.
  const definitions: readonly ToolDefinition[] = list.map((tool) =>
    deepFreeze({
      name: tool.name,
      description: tool.description,
      parameters: structuredClone(tool.parameters),
    }),
  );
  return {
    tools: list,
    get: (name) => byName.get(name),
    names: () => list.map((tool) => tool.name),
    // A new array each time, so a caller may add or drop tools without touching ours.
    definitions: () => [...definitions],
  };
}

/** The registry of {@link TOOLS}; throws at import when a tool is defined wrongly. */
export const toolRegistry: ToolRegistry = createToolRegistry(TOOLS);
