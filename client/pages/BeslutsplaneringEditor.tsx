/** The ärende's meetings: listed in date order, one added or removed at a time. */
import { useState, type FormEvent } from 'react';
import type { Meeting } from '../app/api';

export function BeslutsplaneringEditor({ meetings, onChange }: { meetings: Meeting[]; onChange: (meetings: Meeting[]) => Promise<void> }) {
  const [organ, setOrgan] = useState('');
  const [date, setDate] = useState('');

  const add = async (event: FormEvent) => {
    event.preventDefault();
    // The server orders and validates the meetings; the form only clears once they are saved.
    await onChange([...meetings, { organ, date }]);
    setOrgan('');
    setDate('');
  };

  return (
    <>
      {meetings.length === 0 ? (
        <p className="muted">Inga sammanträden inlagda.</p>
      ) : (
        <ul className="meetings">
          {meetings.map((meeting, index) => (
            <li key={`${meeting.date}-${meeting.organ}-${index}`}>
              <time dateTime={meeting.date}>{meeting.date}</time> {meeting.organ}
              <button
                type="button"
                className="link-button"
                aria-label={`Ta bort ${meeting.organ} ${meeting.date}`}
                onClick={() => void onChange(meetings.filter((_, other) => other !== index))}
              >
                Ta bort
              </button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={(event) => void add(event)} className="inline-form">
        <label htmlFor="meeting-organ">Organ</label>
        <input
          id="meeting-organ"
          value={organ}
          placeholder="ASN arbetsutskott"
          onChange={(event) => setOrgan(event.target.value)}
          required
        />
        <label htmlFor="meeting-date">Datum</label>
        <input id="meeting-date" type="date" value={date} onChange={(event) => setDate(event.target.value)} required />
        <button type="submit" className="secondary">
          Lägg till sammanträde
        </button>
      </form>
    </>
  );
}
