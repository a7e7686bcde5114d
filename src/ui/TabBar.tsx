import { useRef, type KeyboardEvent } from 'react';
import type { TabId } from '../state/ui';

const TABS: { id: TabId; label: string }[] = [
  { id: 'classify', label: 'Classify' },
  { id: 'live', label: 'Live' },
  { id: 'train', label: 'Train' },
  { id: 'about', label: 'About' },
];

interface TabBarProps {
  active: TabId;
  onChange: (tab: TabId) => void;
}

/** The WAI-ARIA tabs pattern: arrow keys move between tabs, only the active one is in the tab order. */
export function TabBar({ active, onChange }: TabBarProps) {
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);

  const onKeyDown = (event: KeyboardEvent, index: number) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    event.preventDefault();
    const next = (index + step + TABS.length) % TABS.length;
    onChange(TABS[next].id);
    buttons.current[next]?.focus();
  };

  return (
    <nav className="tabs" role="tablist" aria-label="Sections">
      {TABS.map((tab, index) => (
        <button
          key={tab.id}
          ref={(el) => {
            buttons.current[index] = el;
          }}
          id={`tab-${tab.id}`}
          role="tab"
          type="button"
          className="tabs__tab"
          aria-selected={active === tab.id}
          aria-controls={`panel-${tab.id}`}
          tabIndex={active === tab.id ? 0 : -1}
          data-testid={`nav.${tab.id}`}
          onClick={() => onChange(tab.id)}
          onKeyDown={(event) => onKeyDown(event, index)}
        >
          {tab.label}
        </button>
      ))}
    </nav>
  );
}
