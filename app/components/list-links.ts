import { useNavigate } from "@remix-run/react";
import { useCallback, type MouseEvent } from "react";

/**
 * Page changes without a full load for the plain links of a long list (and of the menu), from one
 * click handler on the list. A <Link> per row resolved its path against the route tree on every server render: 10–12%
 * of a signed-in list page's cost (issue 17). A plain left click on a link of this site (or Enter on it)
 * navigates as <Link> would. Other clicks are the browser's, and so is any click without a signal: the
 * page is loaded as a document, which the service worker answers with its kept copy, where Remix's page
 * change would first ask the server for the route's code and stop there.
 */
export function useListLinks() {
  const navigate = useNavigate();
  return useCallback(
    (event: MouseEvent<HTMLElement>) => {
      if (!navigator.onLine || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const link = (event.target as Element).closest("a[href]");
      if (!(link instanceof HTMLAnchorElement) || !event.currentTarget.contains(link)) return;
      if ((link.target && link.target !== "_self") || link.hasAttribute("download") || link.origin !== window.location.origin) return;
      event.preventDefault();
      navigate(`${link.pathname}${link.search}${link.hash}`);
    },
    [navigate],
  );
}
