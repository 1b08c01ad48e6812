// URLs in an SMS become links, so a person trying Salus can follow the
// enrollment link straight from the simulated phone.
const url = /(https?:\/\/[^\s]+)/g;

export function MessageText({ text }: { text: string }) {
  const parts = text.split(url);
  return (
    <p className="salus-sms-text mb-0">
      {parts.map((part, index) =>
        index % 2 === 1 ? (
          <a key={index} href={part}>
            {part}
          </a>
        ) : (
          part
        ),
      )}
    </p>
  );
}
