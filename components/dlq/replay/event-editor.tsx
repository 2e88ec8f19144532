'use client';

import { json } from '@codemirror/lang-json';
import CodeMirror, { EditorView } from '@uiw/react-codemirror';
import { useMemo } from 'react';

interface EventEditorProps {
  value: string;
  onChange(value: string): void;
  dark: boolean;
}

/** The event as CloudEvents JSON in CodeMirror (loaded only when someone edits: see replay-dialog). */
export default function EventEditor({ value, onChange, dark }: EventEditorProps) {
  const extensions = useMemo(
    () => [
      json(),
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({ 'aria-label': 'Edited event JSON' }),
    ],
    [],
  );
  return (
    <CodeMirror
      value={value}
      height="260px"
      theme={dark ? 'dark' : 'light'}
      extensions={extensions}
      basicSetup={{ foldGutter: false, highlightActiveLine: false }}
      onChange={onChange}
    />
  );
}
