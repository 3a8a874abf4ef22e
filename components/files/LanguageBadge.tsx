/** A small pill naming a language; files that are not parsed source show nothing. */
export function LanguageBadge({ language }: { language: string | null }) {
  if (!language) return null;
  return <span className={`lang lang-${language.replace(/[^a-z0-9]/gi, '')}`}>{language}</span>;
}

export function LanguageList({ languages }: { languages: string[] }) {
  if (languages.length === 0) return <span className="muted">—</span>;
  return (
    <span className="lang-list">
      {languages.map((l) => (
        <LanguageBadge key={l} language={l} />
      ))}
    </span>
  );
}
