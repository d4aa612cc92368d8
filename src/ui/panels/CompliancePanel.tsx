import { Text } from 'ink';
import type { PanelsView } from '../../store/selectors.js';
import { PanelFrame } from '../components/PanelFrame.js';
import { useTheme } from '../theme/use-theme.js';
import { complianceHeadline } from '../view/summaries.js';

interface Props {
  view: PanelsView['compliance'];
  focused: boolean;
  width: number;
  height: number;
}

/** Endpoint compliance arrives with the CrowdStrike connector; until then the frame shows the setup hint. */
export function CompliancePanel({ view, focused, width, height }: Props) {
  const theme = useTheme();
  return (
    <PanelFrame
      number={3}
      title="Endpoint compliance"
      focused={focused}
      width={width}
      height={height}
      sources={view}
      headline={complianceHeadline(view)}
    >
      {(size) => <Text wrap="truncate-end">{theme.fit(`${view.hosts} hosts reporting.`, size.cols)}</Text>}
    </PanelFrame>
  );
}
