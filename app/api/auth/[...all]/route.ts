import { handleAuthRequest } from "@/lib/auth/handle-auth-request";
import { handler } from "@/lib/http/route";

const handle = handler("public", ({ request }) => handleAuthRequest(request));

export { handle as GET, handle as POST };
