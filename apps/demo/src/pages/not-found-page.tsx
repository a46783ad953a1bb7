import { PageHeading } from '../components/page-heading';
import { usePreferences } from '../preferences';
import { Link } from '../router';

export function NotFoundPage() {
  const { m } = usePreferences();
  return (
    <section className="page narrow">
      <PageHeading>{m.notFound}</PageHeading>
      <p>
        <Link to="/pricing">{m.seePlans}</Link>
      </p>
    </section>
  );
}
