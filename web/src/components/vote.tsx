import { useState } from 'react';
import type { ApiError } from '../api.js';
import { api } from '../api.js';
import { useApi } from '../hooks.js';
import { ErrorBox } from './notice.js';

interface Votes {
  mine: boolean | null;
  tally: { correct: number; incorrect: number } | null;
}

/** "Was this finding correct?": everyone votes; analysts also see the tally. */
export function VoteWidget({ findingId }: { findingId: string }) {
  const votes = useApi((signal) => api<Votes>(`/findings/${findingId}/votes`, { signal }), findingId);
  const [state, setState] = useState<Votes>();
  const [error, setError] = useState<ApiError>();
  const shown = state ?? votes.data;
  const vote = async (correct: boolean) => {
    try {
      setState(await api<Votes>(`/findings/${findingId}/vote`, { method: 'PUT', body: { correct } }));
      setError(undefined);
    } catch (err) {
      setError(err as ApiError);
    }
  };
  return (
    <section aria-labelledby="vote-h" className="card vote">
      <h2 id="vote-h">Was this finding correct?</h2>
      <div className="actions" role="group" aria-label="Your vote">
        <button
          type="button"
          className="secondary"
          aria-pressed={shown?.mine === true}
          onClick={() => void vote(true)}
        >
          Yes, correct
        </button>
        <button
          type="button"
          aria-pressed={shown?.mine === false}
          className="secondary"
          onClick={() => void vote(false)}
        >
          No, a false positive
        </button>
      </div>
      {shown?.mine !== null && shown?.mine !== undefined && (
        <p className="muted">
          You voted {shown.mine ? 'correct' : 'false positive'}; vote again to change it.
        </p>
      )}
      {shown?.tally && (
        <p data-testid="vote-tally">
          Tally: {shown.tally.correct} correct, {shown.tally.incorrect} false positive
        </p>
      )}
      <ErrorBox error={error ?? votes.error} />
    </section>
  );
}
