import { Text } from 'ink';
import { deriveCompliancePanel, PANEL_NEEDS, type PanelsView } from '../../store/selectors.js';
import { PanelFrame } from '../components/PanelFrame.js';
import { useTheme } from '../theme/use-theme.js';
import { complianceHeadline } from '../view/summaries.js';
import { definePanel, type PanelBodyProps } from './types.js';

type View = PanelsView['compliance'];

/** Endpoint compliance arrives with an endpoint connector; until then the frame shows the setup hint. */
function ComplianceBody({ view, number, focused, width, height }: PanelBodyProps<View>) {
  const theme = useTheme();
  return (
    <PanelFrame
      number={number}
      title={compliancePanel.title}
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

export const compliancePanel = definePanel<View>({
  id: 'compliance',
  title: 'Endpoint compliance',
  streams: PANEL_NEEDS.compliance.streams,
  list: false,
  derive: deriveCompliancePanel,
  headline: (view) => complianceHeadline(view),
  rows: () => [],
  Body: ComplianceBody,
});
