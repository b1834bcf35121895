import { ErrorBox } from '../components/notice.js';
import { Pager } from '../components/pager.js';
import { useTitle } from '../hooks.js';
import { FindingsFilters } from './findings/findings-filters.js';
import { FindingsTable } from './findings/findings-table.js';
import { useFindingsList } from './findings/use-findings-list.js';

export function FindingsPage({ search }: { search: string }) {
  useTitle('Findings');
  const list = useFindingsList(search);
  const { filters, page } = list;

  return (
    <>
      <h1>Findings</h1>
      <FindingsFilters
        filters={filters}
        text={list.text}
        setText={list.setText}
        apply={list.apply}
        exportQuery={list.exportQuery}
      />
      <ErrorBox error={page.error} />
      <FindingsTable filters={filters} order={list.order} page={page} apply={list.apply} />
      {page.data && (
        <Pager
          label="Findings"
          page={list.pageNumber}
          size={filters.limit}
          total={page.data.total}
          hasNext={!!page.data.next}
          onPrev={list.previousPage}
          onNext={list.nextPage}
        />
      )}
    </>
  );
}
